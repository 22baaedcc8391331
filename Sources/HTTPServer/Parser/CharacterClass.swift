// Character-class lookup tables for the request parser (picohttpparser-style): one load and
// one AND per byte instead of a chain of range comparisons.
// Depends on the Swift standard library only (the parser is built alone for the fuzzer).

@usableFromInline
enum CharacterClass {
    /// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    static let token: UInt8 = 1 << 0
    /// field-vchar = VCHAR / obs-text   (the value of a field; SP and HTAB handled separately)
    static let fieldVChar: UInt8 = 1 << 1
    /// Bytes allowed in a request-target: VCHAR (RFC 3986 characters plus tolerated '"', '\', '|', '{', '}'…).
    /// Raw non-ASCII octets, CTLs and SP are refused.
    static let targetChar: UInt8 = 1 << 2
    /// HEXDIG, case-insensitive (chunk sizes).
    static let hexDigit: UInt8 = 1 << 3
    /// OWS = *( SP / HTAB )
    static let whitespace: UInt8 = 1 << 4
    /// CR or LF: stops the line scanner.
    static let lineBreak: UInt8 = 1 << 5

    /// The table. Immutable after its one-time initialisation, so sharing it between threads is
    /// safe; a raw pointer avoids the array bounds check on every byte.
    nonisolated(unsafe) static let table: UnsafePointer<UInt8> = {
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        t.initialize(repeating: 0, count: 256)
        for c in 0..<256 {
            var flags: UInt8 = 0
            let b = UInt8(c)
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "A")...UInt8(ascii: "Z"):
                flags |= token
            default:
                if Array("!#$%&'*+-.^_`|~".utf8).contains(b) { flags |= token }
            }
            if (0x21...0x7E).contains(b) || b >= 0x80 { flags |= fieldVChar }
            if (0x21...0x7E).contains(b) { flags |= targetChar }
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
                UInt8(ascii: "A")...UInt8(ascii: "F"):
                flags |= hexDigit
            default: break
            }
            if b == 0x20 || b == 0x09 { flags |= whitespace }
            if b == 0x0D || b == 0x0A { flags |= lineBreak }
            t[c] = flags
        }
        return UnsafePointer(t)
    }()

    @inline(__always)
    static func isToken(_ b: UInt8, _ t: UnsafePointer<UInt8>) -> Bool { t[Int(b)] & token != 0 }

    @inline(__always)
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b &- UInt8(ascii: "A") &+ 10
        default: return nil
        }
    }

    /// ASCII lower-casing for case-insensitive comparisons of field names and tokens.
    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 {
        (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) ? b | 0x20 : b
    }
}
