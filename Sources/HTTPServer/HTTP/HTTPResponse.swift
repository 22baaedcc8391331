/// What a handler returns. The server adds Date, Server, Content-Length (or chunked framing),
/// X-Request-Id and Connection, and gzip-compresses when the client allows it.
public struct HTTPResponse: Sendable {
    public enum Body: Sendable {
        case bytes([UInt8])
        /// Produced by the closure through a writer; sent with chunked framing.
        case stream(@Sendable (ResponseBodyWriter) throws -> Void)
    }

    public var status: HTTPStatus
    public var headers: HTTPFields
    public var body: Body

    public init(status: HTTPStatus, headers: HTTPFields = HTTPFields(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = .bytes(body)
    }

    /// A response whose body is written piece by piece (chunked transfer coding).
    public init(status: HTTPStatus, headers: HTTPFields = HTTPFields(),
                stream: @escaping @Sendable (ResponseBodyWriter) throws -> Void) {
        self.status = status
        self.headers = headers
        self.body = .stream(stream)
    }

    /// A UTF-8 text body.
    public init(status: HTTPStatus, text: String, contentType: String = "text/plain; charset=utf-8") {
        self.init(status: status, headers: HTTPFields([("Content-Type", contentType)]), body: Array(text.utf8))
    }

    /// A body that is already JSON.
    public init(status: HTTPStatus, jsonBytes: [UInt8], contentType: String = "application/json") {
        self.init(status: status, headers: HTTPFields([("Content-Type", contentType)]), body: jsonBytes)
    }

    /// Byte count of a `.bytes` body (nil for a stream).
    var bodyCount: Int? {
        if case .bytes(let b) = body { return b.count }
        return nil
    }
}
