import Foundation
import HTTPServer
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
            guard let address = Socket.peerAddress(of: fd) else { continue }
            if address == peer {
                shutdown(fd, Int32(SHUT_RDWR))
                return true
            }
        }
        return false
    }
}
