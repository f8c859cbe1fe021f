namespace Shop.Framework.Modules;

/// <summary>Thrown at start-up when the configured module set cannot be composed.</summary>
public sealed class ModuleLoadException(string message) : Exception(message);
