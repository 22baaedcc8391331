import TLS

/// Why a request got no usable response. The cases separate what a delivery worker decides on:
/// an address or connect problem (try later, maybe alert), a TLS refusal (a certificate to fix,
/// retrying will not help), a timeout, a connection that died mid-exchange (the request may or may
/// not have been processed: retry only what is idempotent), and a peer that speaks broken HTTP.
public enum HTTPClientError: Error, Sendable, CustomStringConvertible {
    /// What was being waited for when the timeout expired.
    public enum Phase: String, Sendable {
        case connect, handshake, write, read
    }

    /// The request itself cannot be sent as given (a CR/LF in a header value, a framing header the
    /// client owns...). Nothing was sent.
    case invalidRequest(String)
    /// getaddrinfo failed for the host name.
    case resolutionFailed(host: String, message: String)
    /// No address of the host accepted the TCP connection; the last attempt's errno and text.
    case connectFailed(address: String, errno: Int32, message: String)
    /// Nothing happened on the socket for `after` while waiting in `phase` (for `connect`: the
    /// connect as a whole took longer).
    case timeout(phase: Phase, after: Duration)
    /// The TLS handshake failed, or the server refused it right after (in TLS 1.3 the server
    /// verifies our certificate only after our side considers the handshake done, so its alert
    /// arrives on the first read). The TLS error carries OpenSSL's text, the verification result
    /// and the alert the server sent.
    case tlsHandshakeFailed(TLSError)
    /// A TLS failure on an established connection (a bad record, a fatal alert).
    case tls(TLSError)
    /// The peer closed (or reset) the connection before a complete response arrived.
    /// `bytesReceived` counts the response bytes that did arrive (0: none at all).
    case closedBeforeResponse(bytesReceived: Int)
    /// The response does not follow RFC 9112; the text says what was wrong.
    case malformedResponse(String)
    /// The response would exceed the connection's `maximumResponseSize`.
    case responseTooLarge(limit: Int)
    /// A socket call failed for another reason.
    case systemCallFailed(operation: String, errno: Int32, message: String)
    /// `send` on a connection that was closed, failed, or ended with `Connection: close`.
    case connectionNotReusable

    public var description: String {
        switch self {
        case .invalidRequest(let why):
            return "invalid request: \(why)"
        case .resolutionFailed(let host, let message):
            return "cannot resolve \(host): \(message)"
        case .connectFailed(let address, let code, let message):
            return "cannot connect to \(address): \(message) (errno \(code))"
        case .timeout(let phase, let after):
            return "timed out after \(after) waiting to \(phase.rawValue)"
        case .tlsHandshakeFailed(let error):
            return "TLS handshake failed: \(error)"
        case .tls(let error):
            return "TLS failure: \(error)"
        case .closedBeforeResponse(let count):
            return count == 0 ? "the connection was closed before any response arrived"
                : "the connection was closed after \(count) bytes, before the response was complete"
        case .malformedResponse(let why):
            return "malformed response: \(why)"
        case .responseTooLarge(let limit):
            return "the response exceeds the limit of \(limit) bytes"
        case .systemCallFailed(let operation, let code, let message):
            return "\(operation): \(message) (errno \(code))"
        case .connectionNotReusable:
            return "the connection cannot carry another request (closed, failed, or Connection: close)"
        }
    }
}
