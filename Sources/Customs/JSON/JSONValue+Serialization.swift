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

    /// The same compact JSON with every object's members reordered by `keyPrecedes`, at every
    /// depth; values and number text as `serialized()` writes them. For a reader whose cost
    /// depends on the order keys arrive in (PostgreSQL's jsonb, DeclarationStore's batch).
    public func serialized(orderingKeysBy keyPrecedes: (String, String) -> Bool) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        withoutActuallyEscaping(keyPrecedes) { append(to: &output, orderingKeysBy: $0) }
        return output
    }

    /// The value as compact JSON text.
    public var compactText: String { String(decoding: serialized(), as: UTF8.self) }

    /// Members in document order, or reordered by `keyPrecedes` when one is given.
    func append(to output: inout [UInt8], orderingKeysBy keyPrecedes: ((String, String) -> Bool)? = nil) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let number): output.append(contentsOf: number.text.utf8)
        case .string(let string): JSONValue.appendEscaped(string, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.append(to: &output, orderingKeysBy: keyPrecedes)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            let members = object.members
            output.append(UInt8(ascii: "{"))
            if let keyPrecedes, members.count > 1 {
                // An insertion sort of indices on the stack: objects have a dozen members or so,
                // and sorting the members themselves (copying the array, retaining each key and
                // value, a merge buffer) was 7% of the daemon's CPU under the carrier load (Docs/benchmarks.md, "Where the time went", 2026-12-02 18:40 UTC).
                withUnsafeTemporaryAllocation(of: Int.self, capacity: members.count) { order in
                    for index in members.indices {
                        var slot = index
                        while slot > 0 && keyPrecedes(members[index].key, members[order[slot - 1]].key) {
                            order[slot] = order[slot - 1]
                            slot -= 1
                        }
                        order[slot] = index
                    }
                    for position in members.indices {
                        Self.append(members[order[position]], first: position == 0, to: &output, orderingKeysBy: keyPrecedes)
                    }
                }
            } else {
                for index in members.indices {
                    Self.append(members[index], first: index == 0, to: &output, orderingKeysBy: keyPrecedes)
                }
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func append(_ member: JSONObject.Member, first: Bool, to output: inout [UInt8],
                               orderingKeysBy keyPrecedes: ((String, String) -> Bool)?) {
        if !first { output.append(UInt8(ascii: ",")) }
        appendEscaped(member.key, to: &output)
        output.append(UInt8(ascii: ":"))
        member.value.append(to: &output, orderingKeysBy: keyPrecedes)
    }

    /// `string` as a JSON string (quoted, escaped as `serialized()` escapes it), for writers that
    /// build JSON without a tree.
    public static func appendString(_ string: String, to output: inout [UInt8]) {
        appendEscaped(string, to: &output)
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
