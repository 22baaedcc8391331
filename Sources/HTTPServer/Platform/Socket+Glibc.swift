// Every socket system call the server makes, in one place. Each failure becomes a SocketError
// carrying errno and strerror from the call that failed.
#if canImport(Glibc)
import Glibc
#endif

public enum Socket {
    /// Creates a non-blocking listening socket bound to host:port (host is a numeric address or a
    /// name resolved with getaddrinfo). Returns the fd and the bound port.
    static func listen(host: String, port: Int, backlog: Int32) throws(SocketError) -> (fd: Int32, port: Int) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var result: UnsafeMutablePointer<addrinfo>? = nil
        let rc = getaddrinfo(host, String(port), &hints, &result)
        guard rc == 0, let info = result else {
            throw SocketError(operation: "getaddrinfo(\(host)): \(String(cString: gai_strerror(rc)))", errno: EINVAL)
        }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .last("socket(\(host))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let e = SocketError.last("bind(\(host):\(port))")
            Glibc.close(fd)
            throw e
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let e = SocketError.last("listen(\(host):\(port))")
            Glibc.close(fd)
            throw e
        }
        return (fd, try boundPort(fd))
    }

    static func boundPort(_ fd: Int32) throws(SocketError) -> Int {
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        guard rc == 0 else { throw .last("getsockname") }
        return Int(address(of: storage).port)
    }

    enum AcceptResult {
        case accepted(fd: Int32, peer: String)
        case wouldBlock
        case failed(SocketError)
    }

    static func accept(_ listenFD: Int32) -> AcceptResult {
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                LinuxABI.accept4(listenFD, $0, &len, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            }
        }
        if fd < 0 {
            let e = errno
            if e == EAGAIN || e == EWOULDBLOCK || e == EINTR || e == ECONNABORTED { return .wouldBlock }
            return .failed(SocketError(operation: "accept4", errno: e))
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return .accepted(fd: fd, peer: peerText(storage))
    }

    /// `host:port`, or `[host]:port` for IPv6: the form of `HTTPRequest.peerAddress`.
    private static func peerText(_ storage: sockaddr_storage) -> String {
        let a = address(of: storage)
        return a.family == AF_INET6 ? "[\(a.host)]:\(a.port)" : "\(a.host):\(a.port)"
    }

    /// The peer of a connected socket in `HTTPRequest.peerAddress`'s form; nil when `fd` is not one.
    public static func peerAddress(of fd: Int32) -> String? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) == 0 }
        }
        guard ok, [AF_INET, AF_INET6].contains(Int32(storage.ss_family)) else { return nil }
        return peerText(storage)
    }

    /// The text inet_ntop wrote, up to its terminating NUL.
    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func address(of storage: sockaddr_storage) -> (family: Int32, host: String, port: UInt16) {
        var storage = storage
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    var addr = sin.pointee.sin_addr
                    inet_ntop(AF_INET, &addr, &buffer, socklen_t(buffer.count))
                    return (AF_INET, text(buffer), UInt16(bigEndian: sin.pointee.sin_port))
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin in
                    var addr = sin.pointee.sin6_addr
                    inet_ntop(AF_INET6, &addr, &buffer, socklen_t(buffer.count))
                    return (AF_INET6, text(buffer), UInt16(bigEndian: sin.pointee.sin6_port))
                }
            }
        default:
            return (0, "unknown", 0)
        }
    }

    enum IOResult {
        case bytes(Int)
        case wouldBlock
        case endOfStream
        case failed(SocketError)
    }

    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .endOfStream }
            let e = errno
            if e == EINTR { continue }
            if e == EAGAIN || e == EWOULDBLOCK { return .wouldBlock }
            return .failed(SocketError(operation: "recv", errno: e))
        }
    }

    /// Writes up to two buffers with one system call. MSG_NOSIGNAL: a peer that went away gives
    /// EPIPE here instead of killing the process with SIGPIPE.
    static func send(_ fd: Int32, _ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> IOResult {
        var iov = (iovec(iov_base: UnsafeMutableRawPointer(mutating: a.baseAddress), iov_len: a.count),
                   iovec(iov_base: UnsafeMutableRawPointer(mutating: b.baseAddress), iov_len: b.count))
        while true {
            let n = withUnsafeMutablePointer(to: &iov) { p in
                p.withMemoryRebound(to: iovec.self, capacity: 2) { v in
                    var msg = msghdr()
                    msg.msg_iov = v
                    msg.msg_iovlen = b.count > 0 ? 2 : 1
                    return sendmsg(fd, &msg, Int32(MSG_NOSIGNAL))
                }
            }
            if n >= 0 { return .bytes(n) }
            let e = errno
            if e == EINTR { continue }
            if e == EAGAIN || e == EWOULDBLOCK { return .wouldBlock }
            return .failed(SocketError(operation: "sendmsg", errno: e))
        }
    }

    static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    static func shutdownWrite(_ fd: Int32) { _ = Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// The process ignores SIGPIPE; sends also pass MSG_NOSIGNAL (belt and braces).
    static func ignoreSIGPIPE() { _ = signal(SIGPIPE, SIG_IGN) }

    /// Raises the soft open-file limit to the hard limit: each connection is a descriptor.
    @discardableResult
    static func raiseOpenFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return -1 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(clamping: limit.rlim_cur)
    }
}
