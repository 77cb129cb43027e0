namespace RtcOnAws.MediaNode.Relay.Epoll;

/// <summary>
/// Maps epoll user data back to sockets without GC handles: the token is slot index plus a generation, so an event
/// still queued for a socket that was closed (and whose slot was reused) is recognised as stale and ignored.
/// Lookups are lock-free; adds and removes take a lock (control plane only).
/// </summary>
internal sealed class SocketTable
{
    /// <summary>Token of the loop's wake-up eventfd; never produced for a socket (generation 0 is skipped).</summary>
    public const ulong WakeToken = 0;

    private readonly Lock _lock = new();
    private readonly Stack<int> _free = new();
    private EpollSocket?[] _slots = new EpollSocket?[1024];
    private int _next;
    private uint _generation;

    public ulong Add(EpollSocket socket)
    {
        lock (_lock)
        {
            int index;
            if (_free.Count > 0)
            {
                index = _free.Pop();
            }
            else
            {
                index = _next++;
                if (index == _slots.Length)
                {
                    var grown = new EpollSocket?[_slots.Length * 2];
                    Array.Copy(_slots, grown, _slots.Length);
                    Volatile.Write(ref _slots, grown);
                }
            }

            if (++_generation == 0)
            {
                _generation = 1;
            }

            ulong token = ((ulong)_generation << 32) | (uint)index;
            socket.Token = token;
            Volatile.Write(ref _slots[index], socket);
            return token;
        }
    }

    /// <summary>Grows the slot array to hold <paramref name="sockets"/> more sockets than are in it now.</summary>
    public void Reserve(int sockets)
    {
        lock (_lock)
        {
            var needed = (long)_next - _free.Count + sockets;
            if (needed > _slots.Length)
            {
                var grown = new EpollSocket?[(int)Math.Min(needed, Array.MaxLength)];
                Array.Copy(_slots, grown, _next);
                Volatile.Write(ref _slots, grown);
            }
        }
    }

    public EpollSocket? Find(ulong token)
    {
        var slots = Volatile.Read(ref _slots);
        uint index = (uint)token;
        if (index >= (uint)slots.Length)
        {
            return null;
        }

        var socket = Volatile.Read(ref slots[index]);
        return socket is not null && socket.Token == token ? socket : null;
    }

    public void Remove(EpollSocket socket)
    {
        lock (_lock)
        {
            int index = (int)(uint)socket.Token;
            if (ReferenceEquals(_slots[index], socket))
            {
                Volatile.Write(ref _slots[index], null);
                _free.Push(index);
            }
        }
    }
}
