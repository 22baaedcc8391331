import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The `--drop-rate` fault for serve: the connection a request came on is shut down, so the
/// gateway sees it close with no answer at all (not an error status it could read). Our HTTP server
/// has, rightly, no API for that, so the simulator finds the accepted socket by its peer address
/// (unique while the connection is open) and shuts it down; the server then tears the connection
/// down as for any peer that went away, and its generation check discards the late answer.
enum ConnectionDropper {
    /// Returns true when a socket connected to `peer` (e.g. "127.0.0.1:51234") was shut down.
    @discardableResult
    static func drop(peer: String) -> Bool {
        for fd in Int32(3)..<Int32(65_536) {
            guard let address = peerAddress(of: fd) else { continue }
            if address == peer {
                shutdown(fd, Int32(SHUT_RDWR))
                return true
            }
        }
        return false
    }

    /// The NUL-terminated text inet_ntop wrote.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func peerAddress(of fd: Int32) -> String? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) == 0 }
        }
        guard ok else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    var address = sin.pointee.sin_addr
                    inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count))
                    return "\(Self.text(buffer)):\(UInt16(bigEndian: sin.pointee.sin_port))"
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                    var address = sin6.pointee.sin6_addr
                    inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
                    return "[\(Self.text(buffer))]:\(UInt16(bigEndian: sin6.pointee.sin6_port))"
                }
            }
        default:
            return nil
        }
    }
}
