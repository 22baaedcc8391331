// epoll and eventfd, the readiness machinery under each I/O loop. Swift's Glibc module map
// does not include <sys/epoll.h>, <sys/eventfd.h> or accept4, so they come from the small C
// shim CSystemLinux, which also hides epoll_event's per-architecture layout.
import CSystemLinux
#if canImport(Glibc)
import Glibc
#endif

enum LinuxABI {
    static let IN = csys_EPOLLIN
    static let OUT = csys_EPOLLOUT
    static let ERR = csys_EPOLLERR
    static let HUP = csys_EPOLLHUP
    static let RDHUP = csys_EPOLLRDHUP
    static let EXCLUSIVE = csys_EPOLLEXCLUSIVE
    static let ET = csys_EPOLLET

    /// accept4 saves two fcntl calls per connection (non-blocking, close-on-exec at once).
    static func accept4(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: UnsafeMutablePointer<socklen_t>?, _ flags: Int32) -> Int32 {
        csys_accept4(fd, address, length, flags)
    }
}

/// One epoll instance. Owned by one I/O loop; `wake()` may be called from any thread.
final class Epoll {
    let fd: Int32
    let wakeFD: Int32
    let capacity: Int32 = 256
    private let events: UnsafeMutablePointer<epoll_event>

    /// The token that marks the wake-up eventfd (connection tokens are fds, never this).
    static let wakeToken: UInt64 = UInt64.max
    /// The token that marks the listening socket.
    static let listenToken: UInt64 = UInt64.max - 1

    init() throws(SocketError) {
        fd = csys_epoll_create()
        guard fd >= 0 else { throw .last("epoll_create1") }
        wakeFD = csys_eventfd_nonblocking()
        guard wakeFD >= 0 else {
            let e = SocketError.last("eventfd")
            Glibc.close(fd)
            throw e
        }
        guard let events = csys_epoll_events_allocate(capacity) else {
            Glibc.close(wakeFD)
            Glibc.close(fd)
            throw SocketError(operation: "calloc(epoll events)", errno: ENOMEM)
        }
        self.events = events
        try add(wakeFD, token: Self.wakeToken, events: LinuxABI.IN)
    }

    deinit {
        csys_epoll_events_free(events)
        Glibc.close(wakeFD)
        Glibc.close(fd)
    }

    private func control(_ op: Int32, _ target: Int32, token: UInt64, events: UInt32) -> Int32 {
        csys_epoll_ctl(fd, op, target, events, token)
    }

    func add(_ target: Int32, token: UInt64, events: UInt32) throws(SocketError) {
        guard control(EPOLL_CTL_ADD, target, token: token, events: events) == 0 else {
            throw .last("epoll_ctl(ADD, fd \(target))")
        }
    }

    func remove(_ target: Int32) {
        _ = control(EPOLL_CTL_DEL, target, token: 0, events: 0)
    }

    /// Waits up to `timeoutMilliseconds`; returns how many events are ready.
    func wait(timeoutMilliseconds: Int32) -> Int {
        let n = csys_epoll_wait(fd, events, capacity, timeoutMilliseconds)
        return n < 0 ? 0 : Int(n)
    }

    /// The i-th ready event: its flags and token.
    func event(_ i: Int) -> (events: UInt32, token: UInt64) {
        (csys_epoll_event_flags(events, Int32(i)), csys_epoll_event_token(events, Int32(i)))
    }

    /// Interrupts a wait from another thread.
    func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, 8)
    }

    func drainWake() {
        var value: UInt64 = 0
        _ = Glibc.read(wakeFD, &value, 8)
    }
}
