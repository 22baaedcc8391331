import Foundation

// A uuid's text as PostgreSQL reads and prints it (`8-4-4-4-12` hex digits), written and read
// here byte by byte: Foundation's `uuidString` formats through `snprintf` (6,400 instructions a
// call under callgrind) and `UUID(uuidString:)` parses with `sscanf` (8,200), and a declaration
// passes through both several times (Docs/benchmarks.md, 2026-12-04 evening).

extension UUID {
    /// Lowercase, as PostgreSQL prints a uuid and as the API gives ids: `uuidString.lowercased()`.
    public var lowercasedString: String {
        String(unsafeUninitializedCapacity: 36) { out in
            let digits: StaticString = "0123456789abcdef"
            withUnsafeBytes(of: uuid) { raw in
                var o = 0
                for (i, byte) in raw.enumerated() {
                    if i == 4 || i == 6 || i == 8 || i == 10 {
                        out[o] = UInt8(ascii: "-")
                        o += 1
                    }
                    out[o] = digits.utf8Start[Int(byte >> 4)]
                    out[o + 1] = digits.utf8Start[Int(byte & 0x0f)]
                    o += 2
                }
            }
            return 36
        }
    }

    /// The canonical form in either case; nil for anything else (which Foundation may still read).
    static func parseCanonical(_ text: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard text.count == 36, text[8] == 0x2D, text[13] == 0x2D, text[18] == 0x2D, text[23] == 0x2D else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x61...0x66: c - 0x61 + 10
            case 0x41...0x46: c - 0x41 + 10
            default: nil
            }
        }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &raw) { out -> Bool in
            var i = 0
            for n in 0..<16 {
                if i == 8 || i == 13 || i == 18 || i == 23 { i += 1 }
                guard let high = nibble(text[i]), let low = nibble(text[i + 1]) else { return false }
                out[n] = high << 4 | low
                i += 2
            }
            return true
        }
        return ok ? UUID(uuid: raw) : nil
    }
}
