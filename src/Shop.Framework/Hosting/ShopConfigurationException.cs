namespace Shop.Framework.Hosting;

/// <summary>Configuration that cannot work; the host prints the message and exits non-zero.</summary>
public sealed class ShopConfigurationException(string message) : Exception(message);
