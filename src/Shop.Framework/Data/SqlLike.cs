namespace Shop.Framework.Data;

/// <summary>
/// A LIKE pattern that finds the caller's text as it is: '%' and '_' typed into a search box are
/// characters, not wildcards. Use with <c>LIKE @p ESCAPE '\'</c> (the same on SQLite and PostgreSQL).
/// </summary>
public static class SqlLike
{
    /// <summary>'%' + the escaped text + '%': a substring search.</summary>
    public static string Containing(string text) => "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
