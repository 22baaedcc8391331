#if canImport(Glibc)
import Glibc
#endif

/// A failed system call, with errno and strerror captured at the failing call (as FlyingFox does):
/// the message a user needs ("bind(0.0.0.0:8443): Address already in use") without reproducing it.
public struct SocketError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The call that failed, with its interesting argument, e.g. "bind(127.0.0.1:8080)".
    public let operation: String
    public let errno: Int32
    public let message: String

    public init(operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
        self.message = String(cString: strerror(errno))
    }

    /// Captures the current errno; call right after the failing system call.
    static func last(_ operation: @autoclosure () -> String) -> SocketError {
        let code = Glibc.errno
        return SocketError(operation: operation(), errno: code)
    }

    public var description: String { "\(operation): \(message) (errno \(errno))" }
}
