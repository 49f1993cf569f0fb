namespace Porch.Repository.Git;

/// <summary>Repository address helpers: the mirror folder name and a form safe to print.</summary>
internal static class GitUrl
{
    /// <summary>The mirror folder name: the address with <c>/</c> and <c>:</c> replaced by <c>-</c> (user info removed).</summary>
    public static string MirrorName(string url) => Redact(url).Replace('/', '-').Replace(':', '-').Replace('\\', '-');

    /// <summary>Removes any user name or password embedded in an address.</summary>
    public static string Redact(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return url;
        }

        var hostStart = scheme + 3;
        var pathStart = url.IndexOf('/', hostStart);
        var authority = pathStart < 0 ? url[hostStart..] : url[hostStart..pathStart];
        var at = authority.LastIndexOf('@');
        return at < 0 ? url : url[..hostStart] + authority[(at + 1)..] + (pathStart < 0 ? "" : url[pathStart..]);
    }
}
