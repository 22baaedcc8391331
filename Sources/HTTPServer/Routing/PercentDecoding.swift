/// Percent-decoding (RFC 3986 section 2.1) of path parameters and query components.
enum PercentDecoding {
    /// Decodes %XX escapes (and "+" as space when `plusIsSpace`). Returns nil for a malformed
    /// escape or for bytes that are not UTF-8, so a handler never sees a half-decoded value.
    static func decode(_ s: Substring, plusIsSpace: Bool = false) -> String? {
        let u = s.utf8
        if !u.contains(UInt8(ascii: "%")) && !(plusIsSpace && u.contains(UInt8(ascii: "+"))) { return String(s) }
        var out: [UInt8] = []
        out.reserveCapacity(u.count)
        var i = u.startIndex
        while i != u.endIndex {
            let b = u[i]
            if b == UInt8(ascii: "%") {
                let h1 = u.index(after: i)
                guard h1 != u.endIndex else { return nil }
                let h2 = u.index(after: h1)
                guard h2 != u.endIndex, let a = CharacterClass.hexValue(u[h1]), let c = CharacterClass.hexValue(u[h2]) else {
                    return nil
                }
                out.append(a << 4 | c)
                i = u.index(after: h2)
            } else {
                out.append(plusIsSpace && b == UInt8(ascii: "+") ? 0x20 : b)
                i = u.index(after: i)
            }
        }
        return String(validating: out, as: UTF8.self)
    }
}
