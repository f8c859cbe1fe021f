namespace Shop.Framework.Search;

/// <summary>
/// The search backend cannot be reached or refused the request for a reason the caller cannot
/// fix (cluster down, red index). The message says which and where, without credentials; the
/// indexing worker retries its batch later, and API callers get a typed <c>SEARCH_UNAVAILABLE</c>.
/// </summary>
public sealed class SearchUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
