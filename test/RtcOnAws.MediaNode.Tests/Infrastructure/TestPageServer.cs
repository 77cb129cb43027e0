using System.Net;

namespace RtcOnAws.MediaNode.Tests.Infrastructure;

/// <summary>
/// Serves the browser test's page and the SIP.js library from the repository's <c>node_modules</c> (pinned in
/// package-lock.json, installed by <c>npm ci</c>) on a free loopback port.
/// </summary>
internal sealed class TestPageServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly string _page;
    private readonly string _sipJs;
    private readonly Task _serving;

    private TestPageServer(HttpListener listener, Uri root, string page, string sipJs)
    {
        _listener = listener;
        Root = root;
        _page = page;
        _sipJs = sipJs;
        _serving = Task.Run(ServeAsync);
    }

    public Uri Root { get; }

    public static TestPageServer Start(string pageFile)
    {
        var sipJs = Path.Combine(RepositoryRoot(), "node_modules", "sip.js", "lib");
        if (!File.Exists(Path.Combine(sipJs, "index.js")))
        {
            throw new InvalidOperationException($"SIP.js is missing at {sipJs}: run 'npm ci' in the repository root (scripts/test.sh does)");
        }
        for (var attempt = 1; ; attempt++)
        {
            // Below the ephemeral range, like every server of the tests.
            var root = new Uri($"http://127.0.0.1:{FreePorts.UdpAndTcp(IPAddress.Loopback)}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(root.ToString());
            try
            {
                listener.Start();
                return new TestPageServer(listener, root, Path.Combine(AppContext.BaseDirectory, pageFile), sipJs);
            }
            catch (HttpListenerException) when (attempt < 3)
            {
                listener.Close();
            }
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var response = context.Response;
            var path = context.Request.Url!.AbsolutePath;
            var file = path == "/" ? _page
                : path.StartsWith("/sip.js/", StringComparison.Ordinal) ? Path.GetFullPath(Path.Combine(_sipJs, path["/sip.js/".Length..]))
                : null;
            // Only the page and files inside the library's folder are served.
            if (file is null || (file != _page && !file.StartsWith(_sipJs + Path.DirectorySeparatorChar, StringComparison.Ordinal)) || !File.Exists(file))
            {
                response.StatusCode = 404;
                continue;
            }
            response.ContentType = file.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/html; charset=utf-8";
            var body = await File.ReadAllBytesAsync(file);
            await response.OutputStream.WriteAsync(body);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "RtcOnAws.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"no RtcOnAws.sln above {AppContext.BaseDirectory}");
    }
}
