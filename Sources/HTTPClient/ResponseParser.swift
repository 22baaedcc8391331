// The response parser: incremental, standard library only, and strict where RFC 9112 leaves a
// client the choice, because a lenient client is how a response is read with other framing than
// the server meant (response splitting, a smuggled second response on a reused connection).
//
//   status-line  = HTTP-version SP status-code SP [ reason-phrase ]      (RFC 9112 §4)
//   field-line   = field-name ":" OWS field-value OWS                    (RFC 9112 §5)
//   chunked-body = *chunk last-chunk trailer-section CRLF                (RFC 9112 §7.1)
//   chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
//
// Refused: a line not ended by CRLF (bare LF, or a CR inside it), obs-fold, a field line without
// a colon or with whitespace before it, control characters in a value, differing or non-numeric
// Content-Length values, Transfer-Encoding together with Content-Length (RFC 9112 §6.3 says that
// "ought to be handled as an error"), any transfer coding but chunked (we never send TE), a
// status outside 100–599, 101 (we never ask to upgrade), an HTTP version other than 1.x.
// Tolerated where the RFC asks recipients to: identical Content-Length values repeated, empty
// list elements, a status line without the SP before an empty reason phrase.
//
// Body length (RFC 9112 §6.3): none for a HEAD request and for 1xx, 204 and 304; otherwise
// chunked, else Content-Length, else everything until the server closes (and then the
// connection cannot be reused). Interim 1xx responses are skipped.

struct ResponseParser {
    /// A complete response and what it means for the connection.
    struct Parsed {
        var response: HTTPClientResponse
        /// The server allows another request on this connection.
        var keepAlive: Bool
        /// Bytes received after the end of the response. Nothing was asked for them, so a
        /// connection holding any must not be reused (they would be read as the next response).
        var extraBytes: Int
    }

    /// A response head (status line and fields) and a trailer section may be this long each.
    static let maximumHeadSize = 64 * 1024
    static let maximumFieldCount = 200
    /// A chunk-size line with its extensions.
    static let maximumChunkLineSize = 4096

    private enum State {
        case statusLine
        case fields
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
        case complete
    }

    private static let chunkOverrun = HTTPClientError.malformedResponse("chunk data is not followed by CRLF (more data than the chunk size said)")

    private let isHeadRequest: Bool
    private let maximumSize: Int
    private var state = State.statusLine
    private var buffer: [UInt8] = []
    private var cursor = 0
    /// Every byte fed so far, against `maximumSize`.
    private var received = 0
    /// Bytes of the current head or trailer section, against `maximumHeadSize`.
    private var sectionBytes = 0
    private var fieldCount = 0
    private var isHTTP10 = false
    private var status = 0
    private var headers: [(String, String)] = []
    private var body: [UInt8] = []

    init(isHeadRequest: Bool, maximumSize: Int) {
        self.isHeadRequest = isHeadRequest
        self.maximumSize = maximumSize
    }

    /// Response bytes received so far.
    var bytesReceived: Int { received }

    /// Feeds bytes from the connection; returns the response once it is complete, nil while it
    /// needs more. The verdict does not depend on how the bytes were split.
    mutating func consume(_ bytes: UnsafeRawBufferPointer) throws(HTTPClientError) -> Parsed? {
        received += bytes.count
        if received > maximumSize { throw .responseTooLarge(limit: maximumSize) }
        buffer.append(contentsOf: bytes)
        defer {
            if cursor > 0 {
                buffer.removeFirst(cursor)
                cursor = 0
            }
        }
        try advance()
        guard case .complete = state else { return nil }
        return Parsed(response: HTTPClientResponse(status: status, headers: headers, body: body),
                      keepAlive: keepAlive, extraBytes: buffer.count - cursor)
    }

    /// The connection ended. `clean` is false when the end may be a truncation (TLS without
    /// close_notify), which only matters for a body read until close.
    mutating func finish(clean: Bool) throws(HTTPClientError) -> HTTPClientResponse {
        guard case .untilClose = state, clean else {
            throw .closedBeforeResponse(bytesReceived: received)
        }
        state = .complete
        return HTTPClientResponse(status: status, headers: headers, body: body)
    }

    // MARK: - State machine

    private var available: Int { buffer.count - cursor }

    private mutating func advance() throws(HTTPClientError) {
        while true {
            switch state {
            case .statusLine:
                guard let line = try nextLine(limit: Self.maximumHeadSize - sectionBytes, maximum: Self.maximumHeadSize, what: "response head") else { return }
                sectionBytes += line.count + 2
                try parseStatusLine(line)
                state = .fields
            case .fields:
                guard let line = try nextLine(limit: Self.maximumHeadSize - sectionBytes, maximum: Self.maximumHeadSize, what: "response head") else { return }
                sectionBytes += line.count + 2
                if line.isEmpty {
                    try endOfHead()
                } else {
                    headers.append(try parseField(line))
                }
            case .fixedBody(let remaining):
                let count = min(remaining, available)
                body.append(contentsOf: buffer[cursor..<(cursor + count)])
                cursor += count
                if count == remaining { state = .complete } else { state = .fixedBody(remaining: remaining - count); return }
            case .chunkSize:
                guard let line = try nextLine(limit: Self.maximumChunkLineSize, maximum: Self.maximumChunkLineSize, what: "chunk-size line") else { return }
                let size = try parseChunkSize(line)
                if size == 0 {
                    sectionBytes = 0
                    fieldCount = 0
                    state = .trailers
                } else {
                    guard size <= maximumSize - body.count else { throw .responseTooLarge(limit: maximumSize) }
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let count = min(remaining, available)
                body.append(contentsOf: buffer[cursor..<(cursor + count)])
                cursor += count
                if count == remaining { state = .chunkDataEnd } else { state = .chunkData(remaining: remaining - count); return }
            case .chunkDataEnd:
                guard available >= 2 else {
                    if available == 1 && buffer[cursor] != 0x0D { throw Self.chunkOverrun }
                    return
                }
                guard buffer[cursor] == 0x0D, buffer[cursor + 1] == 0x0A else {
                    throw Self.chunkOverrun
                }
                cursor += 2
                state = .chunkSize
            case .trailers:
                guard let line = try nextLine(limit: Self.maximumHeadSize - sectionBytes, maximum: Self.maximumHeadSize, what: "trailer section") else { return }
                sectionBytes += line.count + 2
                if line.isEmpty {
                    state = .complete
                } else {
                    _ = try parseField(line)  // validated like a header field, then discarded
                }
            case .untilClose:
                body.append(contentsOf: buffer[cursor...])
                cursor = buffer.count
                return
            case .complete:
                return
            }
        }
    }

    /// The next line without its CRLF, or nil when it is not complete yet. A line longer than
    /// `limit` bytes with its CRLF is refused as soon as that is certain, so a line arriving in
    /// pieces and one arriving whole get the same verdict.
    private mutating func nextLine(limit: Int, maximum: Int, what: String) throws(HTTPClientError) -> ArraySlice<UInt8>? {
        var index = cursor
        let end = buffer.count
        while index < end && buffer[index] != 0x0A { index += 1 }
        let tooLong = index < end ? index - cursor + 1 > limit : end - cursor >= limit
        if tooLong { throw .malformedResponse("the \(what) is longer than \(maximum) bytes") }
        guard index < end else { return nil }
        guard index > cursor, buffer[index - 1] == 0x0D else {
            throw .malformedResponse("a line in the \(what) ends with a bare LF instead of CRLF")
        }
        let line = buffer[cursor..<(index - 1)]
        if line.contains(0x0D) { throw .malformedResponse("bare CR in the \(what)") }
        cursor = index + 1
        return line
    }

    // MARK: - Head

    private mutating func parseStatusLine(_ line: ArraySlice<UInt8>) throws(HTTPClientError) {
        let bytes = Array(line)
        let prefix = Array("HTTP/1.".utf8)
        guard bytes.count >= 12, Array(bytes[0..<7]) == prefix, isDigit(bytes[7]), bytes[8] == 0x20 else {
            if bytes.count >= 8, Array(bytes[0..<5]) == Array("HTTP/".utf8) {
                throw .malformedResponse("unsupported HTTP version in status line \"\(printable(bytes))\"")
            }
            throw .malformedResponse("status line \"\(printable(bytes))\" is not HTTP/1.x NNN reason")
        }
        isHTTP10 = bytes[7] == UInt8(ascii: "0")
        guard bytes[9...11].allSatisfy(isDigit), bytes.count == 12 || bytes[12] == 0x20 else {
            throw .malformedResponse("status code in \"\(printable(bytes))\" is not three digits")
        }
        status = bytes[9...11].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard (100...599).contains(status) else { throw .malformedResponse("status code \(status) is outside 100–599") }
        // reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
        if bytes.count > 13, !bytes[13...].allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) {
            throw .malformedResponse("control character in the reason phrase")
        }
    }

    private mutating func parseField(_ line: ArraySlice<UInt8>) throws(HTTPClientError) -> (String, String) {
        guard let first = line.first, first != 0x20, first != 0x09 else {
            throw .malformedResponse("obs-fold (a field line starting with whitespace) is not accepted")
        }
        fieldCount += 1
        guard fieldCount <= Self.maximumFieldCount else {
            throw .malformedResponse("more than \(Self.maximumFieldCount) fields")
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            throw .malformedResponse("field line \"\(printable(line))\" has no colon")
        }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.allSatisfy(isTokenByte) else {
            throw .malformedResponse("field name \"\(printable(name))\" is not a token (whitespace before the colon?)")
        }
        var value = line[(colon + 1)...]
        while let b = value.first, b == 0x20 || b == 0x09 { value = value.dropFirst() }
        while let b = value.last, b == 0x20 || b == 0x09 { value = value.dropLast() }
        guard value.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
            throw .malformedResponse("control character in the value of \(printable(name))")
        }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    private var keepAlive: Bool {
        if case .untilClose = state { return false }
        let options = listElements("Connection")
        return isHTTP10 ? options.contains("keep-alive") && !options.contains("close") : !options.contains("close")
    }

    /// The elements of every `name` field, lowercased, empty elements dropped.
    private func listElements(_ name: String) -> [String] {
        headers.filter { HTTPClientResponse.sameName($0.0, name) }
            .flatMap { $0.1.split(separator: ",", omittingEmptySubsequences: false) }
            .map { $0.trimmingSpaces.lowercasedASCII }
            .filter { !$0.isEmpty }
    }

    private mutating func endOfHead() throws(HTTPClientError) {
        if (100...199).contains(status) {
            // RFC 9110 §15.2: interim responses precede the final one; 101 answers an Upgrade we never send.
            guard status != 101 else { throw .malformedResponse("101 Switching Protocols without an Upgrade request") }
            headers = []
            sectionBytes = 0
            fieldCount = 0
            state = .statusLine
            return
        }
        let hasTransferEncoding = headers.contains { HTTPClientResponse.sameName($0.0, "Transfer-Encoding") }
        let lengths = headers.filter { HTTPClientResponse.sameName($0.0, "Content-Length") }.map(\.1)

        if isHeadRequest || status == 204 || status == 304 {
            state = .complete
            return
        }
        if hasTransferEncoding {
            guard lengths.isEmpty else {
                throw .malformedResponse("both Transfer-Encoding and Content-Length (RFC 9112 §6.3: a smuggling sign)")
            }
            guard !isHTTP10 else { throw .malformedResponse("Transfer-Encoding in an HTTP/1.0 response") }
            let codings = listElements("Transfer-Encoding")
            guard codings == ["chunked"] else {
                throw .malformedResponse("unsupported Transfer-Encoding \"\(codings.joined(separator: ", "))\" (only chunked)")
            }
            state = .chunkSize
            return
        }
        if !lengths.isEmpty {
            var length: Int? = nil
            for field in lengths {
                for element in field.split(separator: ",", omittingEmptySubsequences: false) {
                    let text = element.trimmingSpaces
                    guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy(isDigit), let value = Int(text) else {
                        throw .malformedResponse("Content-Length \"\(field)\" is not a number")
                    }
                    if let length, length != value {
                        throw .malformedResponse("differing Content-Length values \(length) and \(value)")
                    }
                    length = value
                }
            }
            let count = length ?? 0
            guard count <= maximumSize else { throw .responseTooLarge(limit: maximumSize) }
            body.reserveCapacity(min(count, 1 << 20))  // a lying length must not allocate up front
            state = count == 0 ? .complete : .fixedBody(remaining: count)
            return
        }
        state = .untilClose
    }

    // MARK: - Chunks

    /// chunk-size = 1*HEXDIG; chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ),
    /// checked only for stray control characters and then ignored.
    private func parseChunkSize(_ line: ArraySlice<UInt8>) throws(HTTPClientError) -> Int {
        var size = 0
        var index = line.startIndex
        while index < line.endIndex, let digit = hexValue(line[index]) {
            guard size <= (Int.max - 15) / 16 else { throw .malformedResponse("chunk size overflows") }
            size = size * 16 + digit
            index += 1
        }
        guard index > line.startIndex else {
            throw .malformedResponse("chunk-size line \"\(printable(line))\" does not start with a hex number")
        }
        var rest = line[index...]
        while let b = rest.first, b == 0x20 || b == 0x09 { rest = rest.dropFirst() }
        if let b = rest.first {
            guard b == UInt8(ascii: ";"), rest.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
                throw .malformedResponse("chunk-size line \"\(printable(line))\" has garbage after the size")
            }
        }
        return size
    }

    private func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(b - 0x30)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(b - 0x61 + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(b - 0x41 + 10)
        default: nil
        }
    }
}

private func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }

/// Bytes for an error message: at most 80, controls shown as "?".
private func printable(_ bytes: some Collection<UInt8>) -> String {
    String(decoding: bytes.prefix(80).map { $0 < 0x20 || $0 == 0x7F ? UInt8(ascii: "?") : $0 }, as: UTF8.self)
}
