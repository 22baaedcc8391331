/// A response made ready to send on the thread that ran the handler: the body is final
/// (compressed, or chunk-framed), so the I/O thread only writes the head and copies nothing.
struct PreparedResponse: Sendable {
    var status: HTTPStatus
    var headers: HTTPFields
    /// The bytes after the head (already chunk-framed when `chunked`).
    var body: [UInt8]
    var chunked: Bool
    /// Whether the route matched, for the observer ("unmatched" otherwise).
    var routePattern: String

    /// What the request asked that shapes the response.
    struct RequestTraits: Sendable {
        var acceptsGzip: Bool
        var isHTTP10: Bool
        var requestID: String
        var gzipMinimumBytes: Int
    }

    init(status: HTTPStatus, headers: HTTPFields, body: [UInt8], chunked: Bool, routePattern: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.chunked = chunked
        self.routePattern = routePattern
    }

    static func make(_ response: HTTPResponse, traits: RequestTraits, routePattern: String) -> PreparedResponse {
        var p = PreparedResponse(status: response.status, headers: response.headers, body: [], chunked: false,
                                 routePattern: routePattern)
        switch response.body {
        case .bytes(let bytes):
            p.body = bytes
        case .stream(let produce):
            let writer = ResponseBodyWriter()
            do {
                try produce(writer)
            } catch {
                // Nothing has been sent yet, so a failed stream can still become a proper error.
                let fallback = (error as? HTTPError)
                    ?? HTTPError(.internalServerError, code: "internal_error", detail: "The response could not be produced.")
                return make(fallback.response(requestID: traits.requestID), traits: traits, routePattern: routePattern)
            }
            let chunks = writer.take()
            if traits.isHTTP10 || p.status.forbidsContent {
                // HTTP/1.0 has no chunked coding; the whole body is known anyway.
                p.body = chunks.flatMap { $0 }
            } else {
                var framed: [UInt8] = []
                framed.reserveCapacity(chunks.reduce(0) { $0 + $1.count + 12 } + 5)
                for c in chunks {
                    framed.append(contentsOf: String(c.count, radix: 16).utf8)
                    framed.append(contentsOf: [0x0D, 0x0A])
                    framed.append(contentsOf: c)
                    framed.append(contentsOf: [0x0D, 0x0A])
                }
                framed.append(contentsOf: Array("0\r\n\r\n".utf8))
                p.body = framed
                p.chunked = true
                return p
            }
        }
        p.compressIfWorthwhile(traits)
        return p
    }

    /// Whether preparing `response` may mean more than copying bytes (gzip, or running a
    /// stream's producer): such work is kept off threads that must not wait for it.
    static func mayBeCostly(_ response: HTTPResponse, traits: RequestTraits) -> Bool {
        switch response.body {
        case .stream: return true
        case .bytes(let bytes): return traits.acceptsGzip && bytes.count >= traits.gzipMinimumBytes
        }
    }

    private mutating func compressIfWorthwhile(_ traits: RequestTraits) {
        guard !status.forbidsContent, body.count >= traits.gzipMinimumBytes,
            !headers.contains("Content-Encoding"),
            AcceptEncoding.isCompressible(contentType: headers["Content-Type"])
        else { return }
        // The representation depends on Accept-Encoding, whether or not this client gets gzip.
        headers.append(name: "Vary", value: "Accept-Encoding")
        guard traits.acceptsGzip, let compressed = Gzip.compress(body), compressed.count < body.count else { return }
        body = compressed
        headers.append(name: "Content-Encoding", value: "gzip")
    }
}
