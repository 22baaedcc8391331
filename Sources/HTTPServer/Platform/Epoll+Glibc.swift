// epoll and eventfd, the readiness machinery under each I/O loop.
//
// Swift's Glibc module map does not include <sys/epoll.h>, <sys/eventfd.h> or accept4, and this module may
// not add a C target to the package. So the four functions are looked up once with dlsym and
// (with accept4) called through `@convention(c)` pointers (the C ABI, stated in the type), and `epoll_event`
// is laid out by hand: on x86_64 the kernel's struct is packed (12 bytes, data at offset 4),
// elsewhere it is naturally aligned (16 bytes, data at offset 8). A one-header C shim target
// (`CEpoll`) would be the tidier home if the package owner adds one.
#if canImport(Glibc)
import Glibc
#endif

enum LinuxABI {
    typealias CreateFn = @convention(c) (Int32) -> Int32
    typealias CtlFn = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    typealias WaitFn = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    typealias EventFDFn = @convention(c) (UInt32, Int32) -> Int32
    typealias Accept4Fn = @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32

    static let create1: CreateFn = symbol("epoll_create1")
    static let ctl: CtlFn = symbol("epoll_ctl")
    static let wait: WaitFn = symbol("epoll_wait")
    static let eventfd: EventFDFn = symbol("eventfd")
    /// accept4 is a GNU extension the module map hides too; it saves two fcntl calls per connection.
    static let accept4: Accept4Fn = symbol("accept4")

    private static func symbol<F>(_ name: String) -> F {
        guard let handle = dlopen(nil, RTLD_NOW), let p = dlsym(handle, name) else {
            fatalError("\(name) not found in libc: this server needs Linux epoll")
        }
        return unsafeBitCast(p, to: F.self)
    }

    static let IN: UInt32 = 0x001
    static let OUT: UInt32 = 0x004
    static let ERR: UInt32 = 0x008
    static let HUP: UInt32 = 0x010
    static let RDHUP: UInt32 = 0x2000
    static let EXCLUSIVE: UInt32 = 1 << 28
    static let ET: UInt32 = 1 << 31
    static let CTL_ADD: Int32 = 1
    static let CTL_DEL: Int32 = 2
    static let CTL_MOD: Int32 = 3
    static let CLOEXEC: Int32 = 0o2000000
    static let EFD_NONBLOCK: Int32 = 0o4000
    static let EFD_CLOEXEC: Int32 = 0o2000000

    #if arch(x86_64)
    static let eventSize = 12
    static let dataOffset = 4
    #else
    static let eventSize = 16
    static let dataOffset = 8
    #endif
}

/// One epoll instance. Owned by one I/O loop; `wake()` may be called from any thread.
final class Epoll {
    let fd: Int32
    let wakeFD: Int32
    let capacity: Int32 = 256
    private let buffer: UnsafeMutableRawPointer

    /// The token that marks the wake-up eventfd (connection tokens are fds, never this).
    static let wakeToken: UInt64 = UInt64.max
    /// The token that marks the listening socket.
    static let listenToken: UInt64 = UInt64.max - 1

    init() throws(SocketError) {
        fd = LinuxABI.create1(LinuxABI.CLOEXEC)
        guard fd >= 0 else { throw .last("epoll_create1") }
        wakeFD = LinuxABI.eventfd(0, LinuxABI.EFD_NONBLOCK | LinuxABI.EFD_CLOEXEC)
        guard wakeFD >= 0 else {
            let e = SocketError.last("eventfd")
            Glibc.close(fd)
            throw e
        }
        buffer = .allocate(byteCount: LinuxABI.eventSize * Int(capacity), alignment: 8)
        try add(wakeFD, token: Self.wakeToken, events: LinuxABI.IN)
    }

    deinit {
        buffer.deallocate()
        Glibc.close(wakeFD)
        Glibc.close(fd)
    }

    private func control(_ op: Int32, _ target: Int32, token: UInt64, events: UInt32) -> Int32 {
        var ev = (UInt64(0), UInt64(0))  // 16 zeroed bytes, enough for either layout
        return withUnsafeMutableBytes(of: &ev) { raw in
            raw.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: token, toByteOffset: LinuxABI.dataOffset, as: UInt64.self)
            return LinuxABI.ctl(fd, op, target, raw.baseAddress)
        }
    }

    func add(_ target: Int32, token: UInt64, events: UInt32) throws(SocketError) {
        guard control(LinuxABI.CTL_ADD, target, token: token, events: events) == 0 else {
            throw .last("epoll_ctl(ADD, fd \(target))")
        }
    }

    func remove(_ target: Int32) {
        _ = control(LinuxABI.CTL_DEL, target, token: 0, events: 0)
    }

    /// Waits up to `timeoutMilliseconds`; returns how many events are ready.
    func wait(timeoutMilliseconds: Int32) -> Int {
        let n = LinuxABI.wait(fd, buffer, capacity, timeoutMilliseconds)
        return n < 0 ? 0 : Int(n)
    }

    /// The i-th ready event: its flags and token.
    func event(_ i: Int) -> (events: UInt32, token: UInt64) {
        let base = buffer + i * LinuxABI.eventSize
        return (base.loadUnaligned(as: UInt32.self), base.loadUnaligned(fromByteOffset: LinuxABI.dataOffset, as: UInt64.self))
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
