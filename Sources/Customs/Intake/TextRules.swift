import Foundation

/// What every string in a declaration goes through: Unicode NFC (so "Nguyễn" typed with combining
/// marks and "Nguyễn" typed precomposed are one name in the database and at the partner), trimming
/// of space separators at both ends, and a ban on characters that hide or reorder text.
enum TextRules {
    static func normalise(_ text: String) -> String {
        // Foundation's NFC was 4% of the machine under the declaration benchmark; most text is
        // already NFC and provably so by the quick check, which then skips it.
        let composed = isQuicklyNFC(text) ? text : text.precomposedStringWithCanonicalMapping
        let scalars = composed.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }

    /// True for printable ASCII (U+0020–U+007E) with no space at either end: such text is its
    /// own NFC, already trimmed, holds no forbidden character and has one scalar a byte, so one
    /// pass over its bytes replaces the five walks over its scalars the general rules take (tax
    /// codes, plates, document numbers, HS codes and most descriptions are plain ASCII).
    static func isPlainASCII(_ text: String) -> Bool {
        var text = text
        // (`withUTF8` is mutating only to make a non-contiguous string contiguous first.)
        return text.withUTF8 { bytes in
            guard let first = bytes.first, let last = bytes.last, first != 0x20, last != 0x20 else { return false }
            for byte in bytes where byte < 0x20 || byte > 0x7E { return false }
            return true
        }
    }

    /// Control characters (Unicode category Cc: tabs, line breaks, NUL, C1 controls) and invisible
    /// format characters that can make text read differently from what is stored: bidirectional
    /// overrides and isolates, LRM/RLM, line and paragraph separators, and the BOM.
    static func firstForbidden(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { scalar in
            switch scalar.value {
            // Category Cc is exactly these two ranges (a range check, not a property look-up).
            case 0x00...0x1F, 0x7F...0x9F: return true
            case 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: return true
            default: return false
            }
        }
    }

    /// True when `text` is certainly in NFC already: every scalar is a starter (canonical
    /// combining class 0) from a block where every character has NFC_Quick_Check=Yes: below
    /// U+0300 (ASCII, Latin-1, Latin Extended-A/B, IPA), Latin Extended Additional (U+1E00–U+1EFF,
    /// Vietnamese's precomposed letters) and the CJK Unified Ideographs (U+3400–U+4DBF,
    /// U+4E00–U+9FFF). Such a string is its own NFC (UAX #15, quick check). Anything else, e.g.
    /// a combining mark or a compatibility ideograph, is left to Foundation.
    static func isQuicklyNFC(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0..<0x300, 0x1E00..<0x1F00, 0x3400..<0x4DC0, 0x4E00..<0xA000: return true
            default: return false
            }
        }
    }

    /// Lengths are counted in Unicode scalars after NFC: stable across Unicode versions (grapheme
    /// rules change; scalars do not) and what PostgreSQL's `char_length` counts.
    static func length(_ text: String) -> Int {
        text.unicodeScalars.count
    }

    /// Category Zs, spelled out: the property look-up ran for the first and last scalar of
    /// every string. (Zs has had these 17 members since Unicode 6.3; a test checks them against
    /// the standard library's table.)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
