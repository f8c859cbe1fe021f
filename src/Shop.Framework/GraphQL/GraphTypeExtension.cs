using GraphQL.Types;

namespace Shop.Framework.GraphQL;

/// <summary>
/// Adds fields to another module's graph type: Points adds <c>points</c> to <c>Member</c>
/// without Members knowing about points. The owning type applies every registered extension
/// in its constructor; register with <c>services.AddSingleton&lt;GraphTypeExtension&lt;MemberType&gt;, X&gt;()</c>.
/// </summary>
public abstract class GraphTypeExtension<TGraphType> where TGraphType : IComplexGraphType
{
    public abstract void Extend(TGraphType type);
}
