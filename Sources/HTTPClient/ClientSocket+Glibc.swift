// Every system call the client makes, in one place. The socket is non-blocking from the start
// and every wait is a poll with a deadline, so no call can hang past its timeout (a blocking
// connect() would wait for the kernel's SYN retries, minutes). Errors carry errno's text.
#if canImport(Glibc)
import Glibc
#endif

/// A connected TCP socket (IPv4 or IPv6), closed on deinit.
final class ClientSocket {
    private(set) var fd: Int32

    private init(fd: Int32) {
        self.fd = fd
    }

    deinit { close() }

    func close() {
        guard fd >= 0 else { return }
        _ = Glibc.close(fd)
        fd = -1
    }

    /// Resolves `host` (a name or a numeric address) and connects to its addresses in the order
    /// getaddrinfo gives them, until one accepts or `deadline` passes. getaddrinfo itself is
    /// bounded by the resolver's own timeouts (resolv.conf), not by `deadline`.
    static func connect(host: String, port: Int, deadline: ContinuousClock.Instant,
                        timeout: Duration) throws(HTTPClientError) -> ClientSocket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>? = nil
        let rc = getaddrinfo(host, String(port), &hints, &result)
        guard rc == 0, result != nil else {
            let message = rc == EAI_SYSTEM ? String(cString: strerror(errno)) : String(cString: gai_strerror(rc))
            throw .resolutionFailed(host: host, message: message)
        }
        defer { freeaddrinfo(result) }

        var lastError = HTTPClientError.resolutionFailed(host: host, message: "no address")
        var cursor = result
        while let info = cursor {
            cursor = info.pointee.ai_next
            let address = describe(info.pointee.ai_addr, info.pointee.ai_addrlen)
            let fd = socket(info.pointee.ai_family,
                            Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else {
                lastError = .systemCallFailed(operation: "socket(\(address))", errno: errno, message: String(cString: strerror(errno)))
                continue
            }
            let socket = ClientSocket(fd: fd)  // closes fd if this address fails
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
                let code = errno
                guard code == EINPROGRESS || code == EINTR else {
                    lastError = .connectFailed(address: address, errno: code, message: String(cString: strerror(code)))
                    continue
                }
                guard try socket.wait(for: Int16(POLLOUT), until: deadline) else {
                    throw .timeout(phase: .connect, after: timeout)
                }
                var soError: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                if getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length) != 0 { soError = errno }
                guard soError == 0 else {
                    lastError = .connectFailed(address: address, errno: soError, message: String(cString: strerror(soError)))
                    continue
                }
            }
            // Requests are written whole; Nagle would only delay the last segment of each.
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            return socket
        }
        throw lastError
    }

    /// Waits until the socket is ready for `events` (or has an error or hang-up, which the next
    /// call reports). Returns false when `deadline` passed first.
    func wait(for events: Int16, until deadline: ContinuousClock.Instant) throws(HTTPClientError) -> Bool {
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { return false }
            let (seconds, attoseconds) = remaining.components
            let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
            var descriptor = pollfd(fd: fd, events: events, revents: 0)
            let rc = poll(&descriptor, 1, Int32(clamping: milliseconds))
            if rc > 0 { return true }
            if rc < 0 && errno != EINTR {
                throw .systemCallFailed(operation: "poll", errno: errno, message: String(cString: strerror(errno)))
            }
        }
    }

    func waitReadable(until deadline: ContinuousClock.Instant) throws(HTTPClientError) -> Bool {
        try wait(for: Int16(POLLIN), until: deadline)
    }

    enum ReceiveResult {
        case bytes(Int)
        case endOfStream
        /// ECONNRESET: the peer aborted; what it sent may be incomplete.
        case reset
    }

    /// Reads what is available, waiting up to `timeout` for the first byte.
    func receive(into buffer: UnsafeMutableRawBufferPointer, timeout: Duration) throws(HTTPClientError) -> ReceiveResult {
        let deadline = ContinuousClock.now + timeout
        while true {
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .endOfStream }
            let code = errno
            switch code {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                guard try wait(for: Int16(POLLIN), until: deadline) else { throw .timeout(phase: .read, after: timeout) }
            case ECONNRESET:
                return .reset
            default:
                throw .systemCallFailed(operation: "recv", errno: code, message: String(cString: strerror(code)))
            }
        }
    }

    /// Writes all of `bytes`; each wait for the socket to take more is bounded by `timeout`.
    /// Returns false when the peer has closed or reset the connection (EPIPE, ECONNRESET).
    func sendAll(_ bytes: UnsafeRawBufferPointer, timeout: Duration) throws(HTTPClientError) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var offset = 0
        while offset < bytes.count {
            // MSG_NOSIGNAL: a closed peer is an error to report, not a SIGPIPE that kills the daemon.
            let n = send(fd, base + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if n >= 0 {
                offset += n
                continue
            }
            let code = errno
            switch code {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                guard try wait(for: Int16(POLLOUT), until: ContinuousClock.now + timeout) else {
                    throw .timeout(phase: .write, after: timeout)
                }
            case EPIPE, ECONNRESET:
                return false
            default:
                throw .systemCallFailed(operation: "send", errno: code, message: String(cString: strerror(code)))
            }
        }
        return true
    }

    /// "127.0.0.1:8443" or "[::1]:8443", for error messages.
    private static func describe(_ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t) -> String {
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var service = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        guard getnameinfo(address, length, &host, socklen_t(host.count), &service, socklen_t(service.count),
                          NI_NUMERICHOST | NI_NUMERICSERV) == 0 else { return "?" }
        let h = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let s = String(decoding: service.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return h.contains(":") ? "[\(h)]:\(s)" : "\(h):\(s)"
    }
}
