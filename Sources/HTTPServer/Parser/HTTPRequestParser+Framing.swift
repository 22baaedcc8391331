// Deciding how the body is delimited, refusing every ambiguous combination instead of guessing.

extension HTTPRequestParser {
    /// Applies RFC 9112 section 6.3 (message body length), 3.2 (Host), 9.3 (persistence) and
    /// RFC 9110 10.1.1 (Expect) to a parsed head.
    static func applyFramingRules(to head: inout HTTPRequestHead) -> HTTPParseError? {
        let fields = head.headers
        var hostCount = 0
        var contentLength: Int? = nil
        var sawContentLength = false
        var sawTransferEncoding = false
        var codings = TransferCodings()
        var connectionClose = false
        var connectionKeepAlive = false
        var expectsContinue = false
        var error: HTTPParseError? = nil

        fields.storage.withUnsafeBufferPointer { s in
            for f in fields.fields {
                let name = UnsafeBufferPointer(rebasing: s[Int(f.nameStart)..<Int(f.nameEnd)])
                let value = UnsafeBufferPointer(rebasing: s[Int(f.valueStart)..<Int(f.valueEnd)])
                switch name.count {
                case 4 where equalsLowercase(name, "host"):
                    hostCount += 1
                case 14 where equalsLowercase(name, "content-length"):
                    sawContentLength = true
                    //   Content-Length = 1*DIGIT
                    // A list of identical values may be merged (RFC 9110 8.6); differing ones may not.
                    switch parseContentLength(value) {
                    case .none: error = error ?? .invalidContentLength
                    case .some(let n):
                        if let previous = contentLength, previous != n { error = error ?? .conflictingContentLength }
                        contentLength = n
                    }
                case 17 where equalsLowercase(name, "transfer-encoding"):
                    sawTransferEncoding = true
                    codings.add(value)
                case 10 where equalsLowercase(name, "connection"):
                    //   Connection = #connection-option;  connection-option = token
                    forEachListElement(value) { option in
                        if equalsLowercase(option, "close") { connectionClose = true }
                        if equalsLowercase(option, "keep-alive") { connectionKeepAlive = true }
                    }
                case 6 where equalsLowercase(name, "expect"):
                    //   Expect = #expectation;  expectation = token [ "=" ( token / quoted-string ) parameters ]
                    // Only 100-continue is defined; anything else gets 417.
                    forEachListElement(value) { e in
                        if equalsLowercase(e, "100-continue") { expectsContinue = true } else { error = error ?? .unsupportedExpectation }
                    }
                default:
                    break
                }
            }
        }
        if let error { return error }

        // "A server MUST respond with a 400 to any HTTP/1.1 request message that lacks a Host header
        // field and to any request message that contains more than one Host header field line".
        if hostCount > 1 { return .duplicateHost }
        if hostCount == 0 && head.version == .http1_1 { return .missingHost }

        if sawTransferEncoding {
            // "If a message is received with both a Transfer-Encoding and a Content-Length header
            // field ... [it] ought to be handled as an error": refuse, it is the smuggling classic.
            if sawContentLength { return .contentLengthWithTransferEncoding }
            if head.version == .http1_0 { return .transferEncodingInHTTP10 }
            //   Transfer-Encoding = #transfer-coding
            // "If any transfer coding other than chunked is applied to a request's content, the
            // sender MUST apply chunked as the final transfer coding" and "MUST NOT apply chunked
            // more than once"; a server SHOULD answer 501 to a coding it does not understand.
            if codings.malformed || codings.count == 0 { return .invalidTransferEncoding }
            if codings.chunkedCount > 1 || (codings.chunkedCount == 1 && !codings.lastIsChunked) { return .chunkedNotFinal }
            if codings.others > 0 { return .unsupportedTransferCoding }
            head.framing = .chunked
        } else if let contentLength {
            head.framing = contentLength == 0 ? .none : .contentLength(contentLength)
        } else {
            // "If this is a request message and none of the above are true, then the message body length is zero".
            head.framing = .none
        }

        head.keepAlive = head.version == .http1_1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        // "A server that receives a 100-continue expectation in an HTTP/1.0 request MUST ignore that expectation."
        head.expectsContinue = expectsContinue && head.version == .http1_1
        return nil
    }

    /// Collects the elements of every Transfer-Encoding line.
    struct TransferCodings {
        var count = 0
        var chunkedCount = 0
        var others = 0
        var lastIsChunked = false
        var malformed = false

        //   transfer-coding = token *( OWS ";" OWS transfer-parameter )
        // Parameters are not accepted: chunked takes none and no other coding is implemented.
        mutating func add(_ value: UnsafeBufferPointer<UInt8>) {
            var sawElement = false
            HTTPRequestParser.forEachListElement(value) { element in
                sawElement = true
                count += 1
                if !HTTPRequestParser.isToken(element) {
                    malformed = true
                } else if HTTPRequestParser.equalsLowercase(element, "chunked") {
                    chunkedCount += 1
                    lastIsChunked = true
                    return
                } else {
                    others += 1
                }
                lastIsChunked = false
            }
            if !sawElement { malformed = true }
        }
    }

    /// Decimal digits only, no sign, no inner whitespace, no overflow; a comma list of equal values is merged.
    static func parseContentLength(_ value: UnsafeBufferPointer<UInt8>) -> Int? {
        var result: Int? = nil
        var bad = false
        var elements = 0
        forEachListElement(value) { element in
            elements += 1
            var n = 0
            for b in element {
                guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { bad = true; return }
                let (m, o1) = n.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int(b - UInt8(ascii: "0")))
                if o1 || o2 { bad = true; return }
                n = s
            }
            if element.isEmpty { bad = true }
            if let r = result, r != n { bad = true }
            result = n
        }
        return bad || elements == 0 ? nil : result
    }

    /// Calls `body` with each element of a comma-separated list, OWS trimmed, skipping empty
    /// elements ("a recipient MUST parse and ignore a reasonable number of empty list elements").
    static func forEachListElement(_ value: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var start = 0
        let n = value.count
        while start <= n {
            var end = start
            while end < n && value[end] != UInt8(ascii: ",") { end += 1 }
            var a = start
            var b = end
            while a < b && (value[a] == 0x20 || value[a] == 0x09) { a += 1 }
            while b > a && (value[b - 1] == 0x20 || value[b - 1] == 0x09) { b -= 1 }
            if b > a { body(UnsafeBufferPointer(rebasing: value[a..<b])) }
            start = end + 1
        }
    }

    static func isToken(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let t = CharacterClass.table
        return !bytes.isEmpty && bytes.allSatisfy { CharacterClass.isToken($0, t) }
    }

    /// Case-insensitive comparison against a lower-case ASCII literal.
    static func equalsLowercase(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let l = literal.utf8Start
        for i in 0..<bytes.count where CharacterClass.lower(bytes[i]) != l[i] { return false }
        return true
    }
}
