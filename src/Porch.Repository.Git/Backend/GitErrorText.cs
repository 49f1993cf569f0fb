namespace Porch.Repository.Git.Backend;

/// <summary>Classifies git's error output (messages are forced to English with <c>LC_ALL=C</c>).</summary>
internal static class GitErrorText
{
    // Porch's retryable markers (spec 5.5) minus the ones that are rejections here: a hook decline, a non-fast-forward
    // update and a stale lease fail at once (the adapter rebuilds and retries only its own stale registered-branch lease).
    private static readonly string[] TransientMarkers =
    [
        "failed to update ref",
        "stale file handle",
        "unable to migrate objects to permanent storage",
        "failed to lock",
        "cannot lock ref",
        "broken pipe",
        "status code: 500",
        "returned error: 500",
        "returned error: 502",
        "returned error: 503",
        "connection reset",
        "early eof",
        "the remote end hung up unexpectedly",
    ];

    private static readonly string[] AuthenticationMarkers =
    [
        "authentication failed",
        "could not read username",
        "could not read password",
        "terminal prompts disabled",
        "returned error: 401",
        "returned error: 403",
        "http basic: access denied",
        "permission denied (publickey",
    ];

    public static bool IsAuthenticationFailure(string stderr) => ContainsAny(stderr, AuthenticationMarkers);

    public static bool IsTransient(string stderr) => ContainsAny(stderr, TransientMarkers);

    public static bool IsHookDeclined(string text) =>
        text.Contains("hook declined", StringComparison.OrdinalIgnoreCase);

    private static bool ContainsAny(string text, string[] markers)
    {
        foreach (var marker in markers)
        {
            if (text.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
