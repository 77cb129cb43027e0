using System.Net;
using System.Text;

namespace RtcOnAws.MediaNode.Engine.Protocol;

/// <summary>
/// Remembers encoded replies by sender and cookie so a retransmitted request (Kamailio retries the same cookie when a
/// reply is lost) is answered again without executing the command twice. The sender is part of the key because two
/// proxies sharing one node may generate the same cookie. Bounded in entries and in age: the oldest entry is evicted first.
/// </summary>
public sealed class NgReplyCache
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Queue<(string Cookie, long Stamp)> _order = new();
    private readonly int _capacity;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> replies for <paramref name="lifetime"/>.</summary>
    public NgReplyCache(int capacity, TimeSpan lifetime, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        _capacity = capacity;
        _lifetime = lifetime;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Number of replies held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Returns the cached reply datagram for <paramref name="cookie"/> from <paramref name="source"/> if one is still fresh.</summary>
    public bool TryGet(ReadOnlySpan<byte> cookie, IPEndPoint? source, out ReadOnlyMemory<byte> reply)
    {
        var key = Key(cookie, source);
        lock (_gate)
        {
            EvictExpired();
            if (_entries.TryGetValue(key, out var entry))
            {
                reply = entry.Reply;
                return true;
            }
        }

        reply = default;
        return false;
    }

    /// <summary>Stores the reply datagram for <paramref name="cookie"/> from <paramref name="source"/> (the cache keeps its own copy).</summary>
    public void Add(ReadOnlySpan<byte> cookie, IPEndPoint? source, ReadOnlySpan<byte> reply)
    {
        var key = Key(cookie, source);
        lock (_gate)
        {
            var stamp = _time.GetTimestamp();
            _entries[key] = new Entry(reply.ToArray(), stamp);
            _order.Enqueue((key, stamp));
            while (_entries.Count > _capacity && _order.TryDequeue(out var oldest))
            {
                RemoveIfSameStamp(oldest.Cookie, oldest.Stamp);
            }

            EvictExpired();
        }
    }

    private static string Key(ReadOnlySpan<byte> cookie, IPEndPoint? source) => $"{source}|{Encoding.Latin1.GetString(cookie)}";

    private void EvictExpired()
    {
        while (_order.TryPeek(out var oldest) && _time.GetElapsedTime(oldest.Stamp) >= _lifetime)
        {
            _order.Dequeue();
            RemoveIfSameStamp(oldest.Cookie, oldest.Stamp);
        }
    }

    // A cookie re-added later has a newer stamp; its older queue slot must not evict the newer reply.
    private void RemoveIfSameStamp(string cookie, long stamp)
    {
        if (_entries.TryGetValue(cookie, out var entry) && entry.Stamp == stamp)
        {
            _entries.Remove(cookie);
        }
    }

    private readonly record struct Entry(byte[] Reply, long Stamp);
}
