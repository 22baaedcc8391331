// An incremental HTTP/1.1 request parser (RFC 9112), stdlib only.
//
// Model (picohttpparser's, made resumable): the caller owns the bytes and hands the parser the
// unconsumed part of its buffer on every call. The parser answers with one event and how many
// bytes it consumed. While the head is incomplete it consumes nothing and remembers how far it
// has scanned, so feeding one byte at a time costs O(n), not O(n²). When the head is complete it
// copies the head once into an `HTTPFields` buffer and consumes it. Body bytes are returned as a
// range into the caller's buffer (no copy); chunk framing is consumed byte by byte.
//
// Policy: strict. Every line ends in CRLF; a bare CR or a bare LF anywhere in the head, the chunk
// framing or the trailers is an error (RFC 9112 section 2.2 allows either rejecting or leniency;
// leniency is what smuggling exploits). Obsolete line folding is refused (section 5.2 permits
// that). Any error is final: the parser stays failed and the connection answers once and closes.
//
// After the head, the parser waits for `beginBody(maxBodyBytes:)`: the server picks the limit per
// route, so an over-limit Content-Length is refused before a byte of the body is read.

public struct HTTPRequestParser: Sendable {
    public enum Event: Sendable {
        /// Feed more bytes (after advancing by `consumed`).
        case needMoreData
        /// The head is complete; call `beginBody(maxBodyBytes:)` next.
        case head(HTTPRequestHead)
        /// Body bytes at this range of the buffer passed to `parse`.
        case body(Range<Int>)
        /// The request is complete; the parser is ready for the next request.
        case end
        /// The request is malformed; the parser stays in this state.
        case error(HTTPParseError)
    }

    enum State: Sendable {
        case head
        case awaitingBodyDecision(HTTPRequestHead.BodyFraming)
        case contentLength(remaining: Int)
        case chunked(ChunkedState)
        case endPending
        case failed(HTTPParseError)
    }

    public var limits: HTTPParserLimits
    var state: State = .head

    // Head scanning state; offsets are relative to the start of the unconsumed input.
    var scanOffset = 0
    var lineStart = 0
    var sawRequestLine = false
    var headerSectionStart = 0
    var requestLineStart = 0
    var methodEnd = 0
    var targetStart = 0
    var targetEnd = 0
    var version = HTTPVersion.http1_1
    var fieldRanges: [HTTPFields.Field] = []

    // Chunked body state.
    var chunk = ChunkedCounters()

    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
    }

    /// True between requests: no byte of a next request has been scanned yet.
    public var isAtMessageBoundary: Bool {
        if case .head = state { return scanOffset == 0 }
        return false
    }

    /// Parses from the start of `input` (the caller's unconsumed bytes).
    public mutating func parse(_ input: UnsafeBufferPointer<UInt8>) -> (event: Event, consumed: Int) {
        switch state {
        case .head:
            return parseHead(input)
        case .awaitingBodyDecision:
            // Calling parse before beginBody is a caller bug; treat it as a body decision of 0.
            return (.error(.bodyTooLarge), 0)
        case .contentLength(let remaining):
            let take = min(remaining, input.count)
            if take == 0 { return (.needMoreData, 0) }
            state = remaining == take ? .endPending : .contentLength(remaining: remaining - take)
            return (.body(0..<take), take)
        case .chunked:
            return parseChunked(input)
        case .endPending:
            resetForNextRequest()
            return (.end, 0)
        case .failed(let error):
            return (.error(error), 0)
        }
    }

    /// Chooses the body limit for the request whose head was just returned. Returns
    /// `.bodyTooLarge` (413) at once when the declared Content-Length exceeds it.
    public mutating func beginBody(maxBodyBytes: Int) -> HTTPParseError? {
        guard case .awaitingBodyDecision(let framing) = state else { return nil }
        switch framing {
        case .none, .contentLength(0):
            state = .endPending
        case .contentLength(let n):
            if n > maxBodyBytes { return fail(.bodyTooLarge) }
            state = .contentLength(remaining: n)
        case .chunked:
            chunk = ChunkedCounters(limit: maxBodyBytes)
            state = .chunked(.size)
        }
        return nil
    }

    mutating func fail(_ error: HTTPParseError) -> HTTPParseError {
        state = .failed(error)
        return error
    }

    mutating func resetForNextRequest() {
        state = .head
        scanOffset = 0
        lineStart = 0
        sawRequestLine = false
        headerSectionStart = 0
        fieldRanges = []
    }
}
