namespace Shop.Coupons.Models;

public static class CouponScopeRules
{
    /// <summary>Whether a line falls in a coupon's scope. Exclusions win over inclusions.</summary>
    public static bool Covers(CouponScope scope, string sku, IReadOnlyCollection<string> categoryIds)
    {
        if (scope.ExcludedSkus.Contains(sku) || categoryIds.Any(scope.ExcludedCategoryIds.Contains)) return false;
        return scope.Kind switch
        {
            CouponScopeKinds.Skus => scope.Skus.Contains(sku),
            CouponScopeKinds.Categories => categoryIds.Any(scope.CategoryIds.Contains),
            _ => true,
        };
    }
}
