using Xunit.Abstractions;
using Xunit.Sdk;

namespace Shop.Search.Providers.Tests;

/// <summary>
/// A fact of the shared provider contract. Test classes that need an external service carry
/// <see cref="RequiresEnvironmentAttribute"/>; without the variable their facts are reported as
/// skipped with the reason, never run against nothing and never counted as passed.
/// </summary>
[XunitTestCaseDiscoverer("Shop.Search.Providers.Tests.ContractFactDiscoverer", "Shop.Search.Providers.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;

[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresEnvironmentAttribute(string variable) : Attribute
{
    public string Variable { get; } = variable;
}

public sealed class ContractFactDiscoverer(IMessageSink sink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = options.MethodDisplayOrDefault();
        var displayOptions = options.MethodDisplayOptionsOrDefault();
        var required = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresEnvironmentAttribute)).FirstOrDefault();
        var variable = required?.GetConstructorArguments().FirstOrDefault() as string;
        if (variable is not null && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable)))
            return [new XunitSkippedDataRowTestCase(sink, display, displayOptions, testMethod, $"{variable} is not set", null)];
        return [new XunitTestCase(sink, display, displayOptions, testMethod)];
    }
}
