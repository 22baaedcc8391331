import Foundation

/// What every string in a declaration goes through: Unicode NFC (so "Nguyễn" typed with combining
/// marks and "Nguyễn" typed precomposed are one name in the database and at the partner), trimming
/// of space separators at both ends, and a ban on characters that hide or reorder text.
enum TextRules {
    static func normalise(_ text: String) -> String {
        let composed = text.precomposedStringWithCanonicalMapping
        let scalars = composed.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }

    /// Control characters (Unicode category Cc: tabs, line breaks, NUL, C1 controls) and invisible
    /// format characters that can make text read differently from what is stored: bidirectional
    /// overrides and isolates, LRM/RLM, line and paragraph separators, and the BOM.
    static func firstForbidden(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { scalar in
            if scalar.properties.generalCategory == .control { return true }
            switch scalar.value {
            case 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: return true
            default: return false
            }
        }
    }

    /// Lengths are counted in Unicode scalars after NFC: stable across Unicode versions (grapheme
    /// rules change; scalars do not) and what PostgreSQL's `char_length` counts.
    static func length(_ text: String) -> Int {
        text.unicodeScalars.count
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .spaceSeparator
    }

    static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
