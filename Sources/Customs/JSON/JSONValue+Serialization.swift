// Compact serialisation: no whitespace, members in order, numbers as their text. Strings escape
// only what JSON requires, with the short forms where they exist and lowercase \u00xx otherwise:
// exactly the string rules of RFC 8785, so the canonical form can reuse `appendEscaped(_:to:)`.

extension JSONValue {
    /// The value as compact JSON in UTF-8.
    public func serialized() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        append(to: &output)
        return output
    }

    /// The value as compact JSON text.
    public var compactText: String { String(decoding: serialized(), as: UTF8.self) }

    func append(to output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let number): output.append(contentsOf: number.text.utf8)
        case .string(let string): JSONValue.appendEscaped(string, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.append(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.appendEscaped(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                member.value.append(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// The value as compact JSON with every object's members in the order PostgreSQL's jsonb keeps
    /// them: shorter keys first, keys of one length by their bytes. jsonb sorts each object's keys
    /// as it parses; keys that arrive sorted are checked, not sorted (its sort tests for sorted
    /// input first). Parsing a group commit's batch of 34 written this way cost PostgreSQL 28.9 us
    /// a declaration, against 34.0 with the members in the order the daemon builds them
    /// (Docs/benchmarks.md). The values and their text are those of `serialized()`.
    public func serializedInJSONBKeyOrder() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        appendInJSONBKeyOrder(to: &output)
        return output
    }

    func appendInJSONBKeyOrder(to output: inout [UInt8]) {
        switch self {
        case .null, .bool, .number, .string: append(to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.appendInJSONBKeyOrder(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            let members = object.members
            var order = Array(members.indices)
            if !order.indices.dropFirst().allSatisfy({ Self.jsonbKeyPrecedes(members[$0 - 1].key, members[$0].key) }) {
                order.sort { Self.jsonbKeyPrecedes(members[$0].key, members[$1].key) }
            }
            output.append(UInt8(ascii: "{"))
            for (position, index) in order.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.appendEscaped(members[index].key, to: &output)
                output.append(UInt8(ascii: ":"))
                members[index].value.appendInJSONBKeyOrder(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// jsonb's key order (lengthCompareJsonbStringValue): by UTF-8 length, then by bytes.
    static func jsonbKeyPrecedes(_ a: String, _ b: String) -> Bool {
        let (la, lb) = (a.utf8.count, b.utf8.count)
        return la != lb ? la < lb : a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    static func appendEscaped(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // One scan of the String's own UTF-8 buffer, copying the runs between escapes whole: most
        // strings need none and are one copy. (An append per byte was 4% of the gateway's CPU under
        // the exchange benchmark; a stored receipt, a JSON text inside JSON, has a quote every few
        // bytes.)
        // (`withUTF8` is mutating only to make a non-contiguous string contiguous first.)
        var string = string
        string.withUTF8 { appendEscaped($0, to: &output) }
        output.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var runStart = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            runStart = index + 1
            output.append(0x5C)
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
            case 0x08: output.append(UInt8(ascii: "b"))
            case 0x09: output.append(UInt8(ascii: "t"))
            case 0x0A: output.append(UInt8(ascii: "n"))
            case 0x0C: output.append(UInt8(ascii: "f"))
            case 0x0D: output.append(UInt8(ascii: "r"))
            default:
                let hex = byte & 0xF
                output.append(UInt8(ascii: "u"))
                output.append(UInt8(ascii: "0"))
                output.append(UInt8(ascii: "0"))
                output.append(byte >> 4 == 0 ? UInt8(ascii: "0") : UInt8(ascii: "1"))
                output.append(hex < 10 ? UInt8(ascii: "0") + hex : UInt8(ascii: "a") + hex - 10)
            }
        }
        if runStart < bytes.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
    }
}
