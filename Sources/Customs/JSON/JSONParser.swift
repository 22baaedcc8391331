/// A strict RFC 8259 parser: UTF-8 bytes in, a `JSONValue` out, or a `JSONSyntaxError` that says
/// where it broke and what was expected there.
///
/// Strict means: no comments, no trailing commas, no leading zeros, no NaN or Infinity, no byte
/// order mark, no unescaped control characters in strings, no invalid UTF-8 (overlong forms,
/// encoded surrogates and code points past U+10FFFF included), no lone surrogates in `\u` escapes,
/// and no duplicate keys in one object (RFC 8259 leaves those to the implementation; a signature
/// over a document whose readers disagree on a key's value is worthless, so we refuse them).
///
/// The hot loop works on an `UnsafeBufferPointer<UInt8>` without Foundation; a string without
/// escapes is copied once, straight from the input. Line and column are computed only when an error
/// is reported.
public struct JSONParser: ~Copyable {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let limits: JSONLimits
    private var position = 0
    private var depth = 0
    /// Reused for strings with escapes, so a document of many escaped strings allocates once.
    private var scratch: [UInt8] = []

    private init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    /// Parses one complete JSON text.
    public static func parse(_ input: [UInt8], limits: JSONLimits = .init()) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError> = input.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer, limits: limits)
            do throws(JSONSyntaxError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses the UTF-8 encoding of `text`.
    public static func parse(_ text: String, limits: JSONLimits = .init()) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8), limits: limits)
    }

    // MARK: - Grammar

    // JSON-text = ws value ws
    private mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        if bytes.count > limits.maxBytes {
            throw error(.tooLarge, "a document of at most \(limits.maxBytes) bytes (this one has \(bytes.count))", at: limits.maxBytes)
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw error(.byteOrderMark, "a JSON value, not a byte order mark (send UTF-8 without BOM)", at: 0)
        }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if position < bytes.count {
            throw error(.unexpectedCharacter, "expected the end of the document after the top-level value, found \(found())", at: position)
        }
        return value
    }

    // value = false / null / true / object / array / number / string
    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard position < bytes.count else {
            throw error(.unexpectedEnd, "expected a value (object, array, string, number, true, false or null), found the end of the document", at: position)
        }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default:
            throw error(.unexpectedCharacter, "expected a value (object, array, string, number, true, false or null), found \(found())", at: position)
        }
    }

    // object = begin-object [ member *( value-separator member ) ] end-object
    // member = string name-separator value
    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        position += 1
        var members: [JSONObject.Member] = []
        var keyOffsets: [Int] = []
        // Small objects check duplicates by scanning; large ones switch to a dictionary. With the
        // switch at 8 members, goods lines and envelopes (nine) were hashed: Hasher was 1.5% of the
        // gateway's CPU under the exchange benchmark.
        var index: [String: Int]?
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(JSONObject(uniqueMembers: []))
        }
        while true {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                let what = members.isEmpty ? "a string key or '}' to start an object member" : "a string key after ',' in an object"
                throw unexpected(what)
            }
            let keyOffset = position
            let key = try parseString()
            let previous: Int?
            if index != nil {
                // Through the optional in place: a `var` copy of it would be copied again on write.
                previous = index![key]
                index![key] = members.count
            } else {
                previous = members.firstIndex(where: { $0.key.isSameKey(key) })
                if members.count == 16 {
                    var dictionary: [String: Int] = [:]
                    for (offset, member) in members.enumerated() { dictionary[member.key] = offset }
                    dictionary[key] = members.count
                    index = dictionary
                }
            }
            if let previous {
                let (line, column) = lineAndColumn(of: keyOffsets[previous])
                throw error(.duplicateKey, "a key that is unique in its object, but \"\(key)\" was already used at line \(line), column \(column)", at: keyOffset)
            }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw unexpected("':' after an object key")
            }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(JSONObject.Member(key: key, value: value))
            keyOffsets.append(keyOffset)
            skipWhitespace()
            guard position < bytes.count else { throw unexpected("',' or '}' after an object member") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                skipWhitespace()
                continue
            }
            if bytes[position] == UInt8(ascii: "}") {
                position += 1
                depth -= 1
                return .object(JSONObject(uniqueMembers: members))
            }
            throw unexpected("',' or '}' after an object member")
        }
    }

    // array = begin-array [ value *( value-separator value ) ] end-array
    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array([])
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw unexpected("',' or ']' after an array element") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                skipWhitespace()
                continue
            }
            if bytes[position] == UInt8(ascii: "]") {
                position += 1
                depth -= 1
                return .array(elements)
            }
            throw unexpected("',' or ']' after an array element")
        }
    }

    private mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        if depth > limits.maxDepth {
            throw error(.tooDeep, "arrays and objects nested at most \(limits.maxDepth) deep", at: position)
        }
    }

    private mutating func parseLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let start = position
        let utf8 = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for expected in utf8 {
            guard position < bytes.count, bytes[position] == expected else {
                let name = String(decoding: utf8, as: UTF8.self)
                if position >= bytes.count {
                    throw error(.unexpectedEnd, "expected '\(name)', found the end of the document", at: position)
                }
                throw error(.unexpectedCharacter, "expected '\(name)' (literals are lowercase and spelled out), found \(found())", at: start)
            }
            position += 1
        }
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONNumber {
        let start = position
        var scanner = NumberScanner(bytes: bytes, start: start)
        guard let end = scanner.scan() else {
            position = scanner.position
            let kind: JSONSyntaxError.Kind = position >= bytes.count ? .unexpectedEnd : .invalidNumber
            throw error(kind, "expected \(scanner.expected), found \(found())", at: position)
        }
        if end - start > limits.maxNumberLength {
            throw error(.invalidNumber, "a number of at most \(limits.maxNumberLength) characters", at: start)
        }
        position = end
        return JSONNumber(validatedText: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
    }

    // string = quotation-mark *char quotation-mark
    private mutating func parseString() throws(JSONSyntaxError) -> String {
        position += 1
        let start = position
        // Fast path: no escapes, so the string is a slice of the input, validated in place.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                try checkStringLength(position - start, at: start)
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacter(byte) }
            if byte < 0x80 { position += 1 } else { try skipUTF8Sequence() }
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                try checkStringLength(scratch.count, at: start)
                position += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                try parseEscape()
            } else if byte < 0x20 {
                throw controlCharacter(byte)
            } else if byte < 0x80 {
                scratch.append(byte)
                position += 1
            } else {
                let sequenceStart = position
                try skipUTF8Sequence()
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[sequenceStart..<position]))
            }
            if scratch.count > limits.maxStringBytes { try checkStringLength(scratch.count, at: start) }
        }
        throw error(.unexpectedEnd, "expected '\"' to close the string, found the end of the document", at: position)
    }

    private func checkStringLength(_ length: Int, at start: Int) throws(JSONSyntaxError) {
        if length > limits.maxStringBytes {
            throw error(.tooLarge, "a string of at most \(limits.maxStringBytes) bytes", at: start - 1)
        }
    }

    private func controlCharacter(_ byte: UInt8) -> JSONSyntaxError {
        let hex = String(byte, radix: 16, uppercase: true)
        let padded = hex.count == 1 ? "000" + hex : "00" + hex
        return error(.controlCharacterInString, "expected printable text or an escape in a string, found the control character U+\(padded) (write it as \\u\(padded))", at: position)
    }

    // escape = %x5C ( %x22 / %x5C / %x2F / %x62 / %x66 / %x6E / %x72 / %x74 / %x75 4HEXDIG )
    private mutating func parseEscape() throws(JSONSyntaxError) {
        let escapeStart = position
        position += 1
        guard position < bytes.count else {
            throw error(.unexpectedEnd, "expected an escape character after '\\', found the end of the document", at: position)
        }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""): scratch.append(0x22)
        case UInt8(ascii: "\\"): scratch.append(0x5C)
        case UInt8(ascii: "/"): scratch.append(0x2F)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4()
            var scalar = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                // A high surrogate must be followed at once by an escaped low surrogate.
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                    throw error(.loneSurrogate, "expected a \\uDC00-\\uDFFF low surrogate after the high surrogate \\u\(hex(unit))", at: escapeStart)
                }
                position += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error(.loneSurrogate, "expected a \\uDC00-\\uDFFF low surrogate after the high surrogate \\u\(hex(unit)), found \\u\(hex(low))", at: position - 6)
                }
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw error(.loneSurrogate, "expected a character escape, found the lone low surrogate \\u\(hex(unit))", at: escapeStart)
            }
            appendUTF8(scalar)
        default:
            throw error(.invalidEscape, "expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX, found \(describe(byte)) after '\\'", at: escapeStart)
        }
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard position < bytes.count else {
                throw error(.unexpectedEnd, "expected 4 hexadecimal digits after \\u, found the end of the document", at: position)
            }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw error(.invalidEscape, "expected 4 hexadecimal digits after \\u, found \(found())", at: position)
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(0xC0 | UInt8(scalar >> 6))
            scratch.append(0x80 | UInt8(scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(0xE0 | UInt8(scalar >> 12))
            scratch.append(0x80 | UInt8((scalar >> 6) & 0x3F))
            scratch.append(0x80 | UInt8(scalar & 0x3F))
        default:
            scratch.append(0xF0 | UInt8(scalar >> 18))
            scratch.append(0x80 | UInt8((scalar >> 12) & 0x3F))
            scratch.append(0x80 | UInt8((scalar >> 6) & 0x3F))
            scratch.append(0x80 | UInt8(scalar & 0x3F))
        }
    }

    /// Steps over one well-formed multi-byte UTF-8 sequence (Unicode Table 3-7), which refuses
    /// overlong forms, encoded surrogates (ED A0..BF) and code points past U+10FFFF.
    private mutating func skipUTF8Sequence() throws(JSONSyntaxError) {
        let lead = bytes[position]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default:
            throw error(.invalidUTF8, "expected UTF-8 text, found the byte 0x\(String(lead, radix: 16, uppercase: true)), which cannot start a UTF-8 sequence", at: position)
        }
        for offset in 1..<length {
            let index = position + offset
            let range = offset == 1 ? secondRange : 0x80...0xBF
            guard index < bytes.count, range.contains(bytes[index]) else {
                throw error(.invalidUTF8, "expected UTF-8 text, found a malformed \(length)-byte sequence", at: position)
            }
        }
        position += length
    }

    // ws = *( %x20 / %x09 / %x0A / %x0D )
    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    // MARK: - Errors

    private func unexpected(_ expected: String) -> JSONSyntaxError {
        let kind: JSONSyntaxError.Kind = position >= bytes.count ? .unexpectedEnd : .unexpectedCharacter
        return error(kind, "expected \(expected), found \(found())", at: position)
    }

    private func error(_ kind: JSONSyntaxError.Kind, _ message: String, at offset: Int) -> JSONSyntaxError {
        let text = message.hasPrefix("expected") ? message : "expected " + message
        let (line, column) = lineAndColumn(of: offset)
        return JSONSyntaxError(kind: kind, message: text, offset: offset, line: line, column: column)
    }

    /// Counts LFs before `offset`, and Unicode scalars (bytes that are not UTF-8 continuation bytes)
    /// between the line's start and `offset`.
    private func lineAndColumn(of offset: Int) -> (Int, Int) {
        let end = min(offset, bytes.count)
        var line = 1
        var column = 1
        for index in 0..<end {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    private func found() -> String {
        position < bytes.count ? describe(bytes[position]) : "the end of the document"
    }

    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte == 0x20 { return "a space" }
        return "the byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private func hex(_ unit: UInt16) -> String {
        let digits = String(unit, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
