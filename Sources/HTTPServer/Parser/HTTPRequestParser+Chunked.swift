// The chunked transfer coding (RFC 9112 section 7.1), decoded byte by byte so framing can be
// consumed as it arrives; chunk data is handed back as a range of the caller's buffer.
//
//   chunked-body   = *chunk last-chunk trailer-section CRLF
//   chunk          = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
//   chunk-size     = 1*HEXDIG
//   last-chunk     = 1*("0") [ chunk-ext ] CRLF
//   chunk-data     = 1*OCTET
//   chunk-ext      = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
//   chunk-ext-name = token
//   chunk-ext-val  = token / quoted-string
//   quoted-string  = DQUOTE *( qdtext / quoted-pair ) DQUOTE
//   qdtext         = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
//   quoted-pair    = "\" ( HTAB / SP / VCHAR / obs-text )
//   trailer-section = *( field-line CRLF )
//
// Extensions are validated and ignored; trailer fields are validated (same rules and limits as
// header fields) and discarded: no handler here needs them, and merging them into the headers
// is how trailers smuggle fields past checks.

enum ChunkedState: Sendable, Equatable {
    case size, sizeBWS
    case extBWS, extName, extNameBWS, extValueBWS, extToken, extQuoted, extQuotedPair, extAfterValue
    case sizeLF
    case data
    case dataCR, dataLF
    case trailerLineStart, trailerName, trailerValue, trailerLF, trailerEndLF
}

struct ChunkedCounters: Sendable {
    var limit = 0
    var received = 0
    var size: UInt64 = 0
    var digits = 0
    var remaining = 0
    var lastChunk = false
    var lineBytes = 0
    var trailerBytes = 0
    var trailerFields = 0

    init(limit: Int = 0) { self.limit = limit }

    /// Longest chunk-size line (size and extensions) accepted.
    static let maxChunkLine = 4096
}

extension HTTPRequestParser {
    mutating func parseChunked(_ input: UnsafeBufferPointer<UInt8>) -> (event: Event, consumed: Int) {
        guard case .chunked(var s) = state else { return (.needMoreData, 0) }
        let table = CharacterClass.table
        var c = chunk
        let n = input.count
        var i = 0
        func failed(_ e: HTTPParseError) -> (event: Event, consumed: Int) {
            chunk = c
            return (.error(fail(e)), i)
        }
        while i < n {
            if s == .data {
                let take = min(c.remaining, n - i)
                c.remaining -= take
                if c.remaining == 0 { s = .dataCR }
                state = .chunked(s)
                chunk = c
                return (.body(i..<(i + take)), i + take)
            }
            let b = input[i]
            let f = table[Int(b)]
            i += 1
            switch s {
            case .size:
                if let h = CharacterClass.hexValue(b) {
                    c.digits += 1
                    // 16 hex digits fill a UInt64; more (beyond leading zeros) cannot be a real size.
                    if c.size > (UInt64.max >> 4) { return failed(.chunkSizeOverflow) }
                    c.size = c.size << 4 | UInt64(h)
                    continue
                }
                if c.digits == 0 { return failed(.invalidChunkSize) }
                if b == 0x0D { s = .sizeLF }
                else if b == UInt8(ascii: ";") { s = .extBWS }
                else if f & CharacterClass.whitespace != 0 { s = .sizeBWS }
                else { return failed(.invalidChunkSize) }
            case .sizeBWS:
                // BWS is only allowed when a ";" follows ("a \r\n" is a known smuggling vector).
                if b == UInt8(ascii: ";") { s = .extBWS }
                else if f & CharacterClass.whitespace == 0 { return failed(.invalidChunkSize) }
            case .extBWS:
                if CharacterClass.isToken(b, table) { s = .extName }
                else if f & CharacterClass.whitespace == 0 { return failed(.invalidChunkExtension) }
            case .extName:
                if CharacterClass.isToken(b, table) { break }
                if b == 0x0D { s = .sizeLF }
                else if b == UInt8(ascii: ";") { s = .extBWS }
                else if b == UInt8(ascii: "=") { s = .extValueBWS }
                else if f & CharacterClass.whitespace != 0 { s = .extNameBWS }
                else { return failed(.invalidChunkExtension) }
            case .extNameBWS:
                if b == UInt8(ascii: ";") { s = .extBWS }
                else if b == UInt8(ascii: "=") { s = .extValueBWS }
                else if f & CharacterClass.whitespace == 0 { return failed(.invalidChunkExtension) }
            case .extValueBWS:
                if b == UInt8(ascii: "\"") { s = .extQuoted }
                else if CharacterClass.isToken(b, table) { s = .extToken }
                else if f & CharacterClass.whitespace == 0 { return failed(.invalidChunkExtension) }
            case .extToken:
                if CharacterClass.isToken(b, table) { break }
                if b == 0x0D { s = .sizeLF }
                else if b == UInt8(ascii: ";") { s = .extBWS }
                else if f & CharacterClass.whitespace != 0 { s = .extAfterValue }
                else { return failed(.invalidChunkExtension) }
            case .extQuoted:
                if b == UInt8(ascii: "\"") { s = .extAfterValue }
                else if b == UInt8(ascii: "\\") { s = .extQuotedPair }
                else if f & (CharacterClass.fieldVChar | CharacterClass.whitespace) == 0 { return failed(.invalidChunkExtension) }
            case .extQuotedPair:
                if f & (CharacterClass.fieldVChar | CharacterClass.whitespace) == 0 { return failed(.invalidChunkExtension) }
                s = .extQuoted
            case .extAfterValue:
                if b == 0x0D { s = .sizeLF }
                else if b == UInt8(ascii: ";") { s = .extBWS }
                else if f & CharacterClass.whitespace == 0 { return failed(.invalidChunkExtension) }
            case .sizeLF:
                if b != 0x0A { return failed(.bareCR) }
                c.lineBytes = 0
                if c.size == 0 {
                    s = .trailerLineStart
                } else {
                    // Framing counts toward the limit so endless tiny chunks cannot run forever.
                    if c.size > UInt64(c.limit - c.received) { return failed(.bodyTooLarge) }
                    c.remaining = Int(c.size)
                    c.received += c.remaining
                    s = .data
                }
                c.size = 0
                c.digits = 0
                continue
            case .data:
                break  // handled above
            case .dataCR:
                if b != 0x0D { return failed(.invalidChunkTerminator) }
                s = .dataLF
            case .dataLF:
                if b != 0x0A { return failed(.invalidChunkTerminator) }
                s = .size
                continue
            case .trailerLineStart:
                c.trailerBytes += 1
                if b == 0x0D { s = .trailerEndLF; continue }
                if !CharacterClass.isToken(b, table) { return failed(.invalidTrailer) }
                c.trailerFields += 1
                if c.trailerFields > limits.maxFieldCount { return failed(.tooManyFields) }
                s = .trailerName
            case .trailerName:
                c.trailerBytes += 1
                if b == UInt8(ascii: ":") { s = .trailerValue }
                else if !CharacterClass.isToken(b, table) { return failed(.invalidTrailer) }
            case .trailerValue:
                c.trailerBytes += 1
                if b == 0x0D { s = .trailerLF }
                else if f & (CharacterClass.fieldVChar | CharacterClass.whitespace) == 0 { return failed(.invalidTrailer) }
            case .trailerLF:
                c.trailerBytes += 1
                if b != 0x0A { return failed(.bareCR) }
                s = .trailerLineStart
            case .trailerEndLF:
                if b != 0x0A { return failed(.bareCR) }
                chunk = c
                resetForNextRequest()
                return (.end, i)
            }
            // Every byte of a size line or a trailer section counts toward its own limit.
            if s.isInSizeLine {
                c.lineBytes += 1
                if c.lineBytes > ChunkedCounters.maxChunkLine { return failed(.invalidChunkExtension) }
            }
            if c.trailerBytes >= limits.maxHeaderSectionBytes { return failed(.headerSectionTooLarge) }
        }
        state = .chunked(s)
        chunk = c
        return (.needMoreData, i)
    }
}

extension ChunkedState {
    var isInSizeLine: Bool {
        switch self {
        case .size, .sizeBWS, .extBWS, .extName, .extNameBWS, .extValueBWS, .extToken, .extQuoted, .extQuotedPair,
            .extAfterValue, .sizeLF:
            return true
        default:
            return false
        }
    }
}
