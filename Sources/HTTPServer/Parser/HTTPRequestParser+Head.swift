// The request line and the header section (RFC 9112 sections 2, 3 and 5), then the framing
// decisions of RFC 9112 section 6 and RFC 9110 sections 7.2, 8.6 and 10.1.1.

extension HTTPRequestParser {
    private static let cr: UInt8 = 0x0D
    private static let lf: UInt8 = 0x0A
    private static let sp: UInt8 = 0x20
    private static let htab: UInt8 = 0x09
    /// Empty lines tolerated before a request-line (RFC 9112 2.2: "SHOULD ignore at least one").
    private static let maxLeadingEmptyLines = 8

    mutating func parseHead(_ input: UnsafeBufferPointer<UInt8>) -> (event: Event, consumed: Int) {
        guard let p = input.baseAddress, input.count > 0 else { return (.needMoreData, 0) }
        let n = input.count
        let table = CharacterClass.table
        var i = scanOffset
        while true {
            // Find the end of the current line: the first CR or LF.
            while i < n && table[Int(p[i])] & CharacterClass.lineBreak == 0 { i &+= 1 }
            if i == n || (p[i] == Self.cr && i + 1 == n) {
                scanOffset = i
                if let error = checkPartialLine(length: i - lineStart, end: i) { return (.error(fail(error)), 0) }
                return (.needMoreData, 0)
            }
            //   HTTP-message = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]
            // A bare LF, or a CR not followed by LF, is refused (see the policy above).
            // The limits a byte-by-byte feed would have hit before reaching this line break apply
            // first, so the verdict never depends on how the bytes were split.
            if let error = checkPartialLine(length: i - lineStart, end: i) { return (.error(fail(error)), 0) }
            if p[i] == Self.lf { return (.error(fail(.bareLF)), 0) }
            if p[i + 1] != Self.lf { return (.error(fail(.bareCR)), 0) }
            let line = UnsafeBufferPointer(rebasing: input[lineStart..<i])
            let next = i + 2
            if !sawRequestLine {
                if line.isEmpty {
                    //   a server SHOULD ignore at least one empty line (CRLF) received prior to the request-line
                    if next / 2 > Self.maxLeadingEmptyLines { return (.error(fail(.invalidRequestLine)), 0) }
                } else {
                    if let error = parseRequestLine(line, base: lineStart) { return (.error(fail(error)), 0) }
                    sawRequestLine = true
                    headerSectionStart = next
                }
            } else if line.isEmpty {
                if next - headerSectionStart > limits.maxHeaderSectionBytes {
                    return (.error(fail(.headerSectionTooLarge)), 0)
                }
                switch finishHead(input, headEnd: next) {
                case .success(let head): return (.head(head), next)
                case .failure(let error): return (.error(fail(error)), 0)
                }
            } else {
                if let error = parseFieldLine(line, base: lineStart) { return (.error(fail(error)), 0) }
                if next - headerSectionStart >= limits.maxHeaderSectionBytes {
                    return (.error(fail(.headerSectionTooLarge)), 0)
                }
            }
            lineStart = next
            i = next
        }
    }

    /// Limits that must trip before a line is complete, so a client cannot make us buffer forever.
    private func checkPartialLine(length: Int, end: Int) -> HTTPParseError? {
        if !sawRequestLine {
            // method SP request-target SP HTTP-version: allow the target limit plus room for the rest.
            return length > limits.maxTargetLength + 64 ? .targetTooLong : nil
        }
        return end - headerSectionStart >= limits.maxHeaderSectionBytes ? .headerSectionTooLarge : nil
    }

    //   request-line   = method SP request-target SP HTTP-version
    //   method         = token
    //   HTTP-version   = HTTP-name "/" DIGIT "." DIGIT
    //   HTTP-name      = %s"HTTP"
    private mutating func parseRequestLine(_ line: UnsafeBufferPointer<UInt8>, base: Int) -> HTTPParseError? {
        let table = CharacterClass.table
        let n = line.count
        var i = 0
        while i < n && CharacterClass.isToken(line[i], table) { i += 1 }
        if i == 0 || i == n { return .invalidMethod }
        guard line[i] == Self.sp else { return .invalidMethod }
        requestLineStart = base
        methodEnd = base + i
        i += 1
        let tStart = i
        while i < n && table[Int(line[i])] & CharacterClass.targetChar != 0 { i += 1 }
        if i - tStart > limits.maxTargetLength { return .targetTooLong }
        if i == n { return .invalidRequestLine }  // HTTP/0.9 "GET /" or no version
        guard line[i] == Self.sp, i > tStart else { return .invalidTarget }
        targetStart = base + tStart
        targetEnd = base + i
        i += 1
        // Exactly "HTTP/" DIGIT "." DIGIT and nothing after it.
        guard n - i == 8,
            line[i] == UInt8(ascii: "H"), line[i + 1] == UInt8(ascii: "T"), line[i + 2] == UInt8(ascii: "T"),
            line[i + 3] == UInt8(ascii: "P"), line[i + 4] == UInt8(ascii: "/"),
            line[i + 5] >= UInt8(ascii: "0"), line[i + 5] <= UInt8(ascii: "9"),
            line[i + 6] == UInt8(ascii: "."),
            line[i + 7] >= UInt8(ascii: "0"), line[i + 7] <= UInt8(ascii: "9")
        else { return .invalidVersion }
        let major = line[i + 5] - UInt8(ascii: "0")
        let minor = line[i + 7] - UInt8(ascii: "0")
        guard major == 1, minor <= 1 else { return .unsupportedVersion }
        version = HTTPVersion(major: major, minor: minor)
        return validateTargetForm(UnsafeBufferPointer(rebasing: line[tStart..<(i - 1)]), methodLength: methodEnd - base,
                                  line: line)
    }

    //   request-target = origin-form / absolute-form / authority-form / asterisk-form
    //   origin-form    = absolute-path [ "?" query ]
    //   absolute-form  = absolute-URI
    //   asterisk-form  = "*"            (only for OPTIONS, RFC 9112 3.2.4)
    // authority-form belongs to CONNECT, which this server does not implement: refused.
    private func validateTargetForm(_ t: UnsafeBufferPointer<UInt8>, methodLength: Int,
                                    line: UnsafeBufferPointer<UInt8>) -> HTTPParseError? {
        if t[0] == UInt8(ascii: "/") { return nil }
        if t.count == 1 && t[0] == UInt8(ascii: "*") {
            let isOptions = methodLength == 7 && line[0] == UInt8(ascii: "O") && line[1] == UInt8(ascii: "P")
                && line[2] == UInt8(ascii: "T") && line[3] == UInt8(ascii: "I") && line[4] == UInt8(ascii: "O")
                && line[5] == UInt8(ascii: "N") && line[6] == UInt8(ascii: "S")
            return isOptions ? nil : .invalidTarget
        }
        // absolute-URI = scheme ":" hier-part [ "?" query ];  scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
        var i = 0
        while i < t.count {
            let c = CharacterClass.lower(t[i])
            let isAlpha = c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")
            let isSchemeChar = isAlpha || (i > 0 && ((c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
                || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")))
            if !isSchemeChar { break }
            i += 1
        }
        // Require "scheme://" so "host:port" (authority-form) is not mistaken for a URI.
        if i > 0, i + 3 <= t.count, t[i] == UInt8(ascii: ":"), t[i + 1] == UInt8(ascii: "/"), t[i + 2] == UInt8(ascii: "/") {
            return nil
        }
        return .invalidTarget
    }

    //   field-line   = field-name ":" OWS field-value OWS
    //   field-name   = token
    //   field-value  = *field-content
    //   field-content = field-vchar [ 1*( SP / HTAB / field-vchar ) field-vchar ]
    //   field-vchar  = VCHAR / obs-text
    //   obs-fold     = OWS CRLF RWS      (refused: RFC 9112 5.2)
    // "No whitespace is allowed between the field name and colon ... a server MUST reject ... 400".
    private mutating func parseFieldLine(_ line: UnsafeBufferPointer<UInt8>, base: Int) -> HTTPParseError? {
        let table = CharacterClass.table
        let n = line.count
        if table[Int(line[0])] & CharacterClass.whitespace != 0 { return .obsoleteLineFolding }
        var i = 0
        while i < n && CharacterClass.isToken(line[i], table) { i += 1 }
        if i == n { return .invalidFieldName }
        if line[i] != UInt8(ascii: ":") {
            return table[Int(line[i])] & CharacterClass.whitespace != 0 ? .whitespaceBeforeColon : .invalidFieldName
        }
        if i == 0 { return .invalidFieldName }
        let nameEnd = i
        i += 1
        while i < n && table[Int(line[i])] & CharacterClass.whitespace != 0 { i += 1 }
        let valueStart = i
        var valueEnd = i
        while i < n {
            let f = table[Int(line[i])]
            if f & CharacterClass.fieldVChar != 0 {
                i += 1
                valueEnd = i
            } else if f & CharacterClass.whitespace != 0 {
                i += 1
            } else {
                return .invalidFieldValue
            }
        }
        if fieldRanges.count >= limits.maxFieldCount { return .tooManyFields }
        if fieldRanges.capacity == 0 { fieldRanges.reserveCapacity(16) }
        fieldRanges.append(HTTPFields.Field(nameStart: Int32(base), nameEnd: Int32(base + nameEnd),
                                            valueStart: Int32(base + valueStart), valueEnd: Int32(base + valueEnd)))
        return nil
    }

    private mutating func finishHead(_ input: UnsafeBufferPointer<UInt8>, headEnd: Int) -> Result<HTTPRequestHead, HTTPParseError> {
        let fields = HTTPFields(storage: Array(UnsafeBufferPointer(rebasing: input[0..<headEnd])), fields: fieldRanges)
        fieldRanges = []
        let method = String(decoding: UnsafeBufferPointer(rebasing: input[requestLineStart..<methodEnd]), as: UTF8.self)
        let target = String(decoding: UnsafeBufferPointer(rebasing: input[targetStart..<targetEnd]), as: UTF8.self)
        var head = HTTPRequestHead(method: method, target: target, version: version, headers: fields)
        if let error = Self.applyFramingRules(to: &head) { return .failure(error) }
        state = .awaitingBodyDecision(head.framing)
        scanOffset = 0
        lineStart = 0
        return .success(head)
    }
}
