@testable import Customs
import Testing

@Suite struct TextRulesTests {
    @Test func normalisesToNFC() {
        let decomposed = "Nguye\u{302}\u{303}n"
        let normalised = TextRules.normalise(decomposed)
        #expect(Array(normalised.unicodeScalars) == Array("Nguy\u{1EC5}n".unicodeScalars))
        #expect(TextRules.length(normalised) == 6)
    }

    @Test func trimsSpaceSeparatorsAtBothEndsOnly() {
        #expect(TextRules.normalise("  Sầu riêng\u{3000}\u{A0}") == "Sầu riêng")
        #expect(TextRules.normalise("   ") == "")
        #expect(TextRules.normalise("a  b") == "a  b")
    }

    @Test func forbidsControlAndDirectionCharacters() {
        for text in ["a\nb", "a\tb", "a\u{0}b", "a\u{85}b", "a\u{202E}b", "a\u{2066}b", "a\u{200F}b", "a\u{2028}b", "a\u{FEFF}b", "a\u{7F}b"] {
            #expect(TextRules.firstForbidden(in: text) != nil, "\(Array(text.unicodeScalars))")
        }
        for text in ["Nguyễn Văn An", "王伟", "👨‍👩‍👧", "O'Brien-Smith", "Công ty TNHH"] {
            #expect(TextRules.firstForbidden(in: text) == nil, "\(text)")
        }
    }

    /// The plain-ASCII shortcut claims the general rules would leave the text as it is, find
    /// nothing forbidden and count a scalar a byte: checked for every pair of ASCII characters
    /// around a letter, and on the texts it must refuse.
    @Test func plainASCIITextIsWhatTheGeneralRulesWouldKeep() {
        var taken = 0
        for a in 0..<0x80 {
            for b in 0..<0x80 {
                let text = String(UnicodeScalar(UInt8(a))) + "x" + String(UnicodeScalar(UInt8(b)))
                guard TextRules.isPlainASCII(text) else { continue }
                taken += 1
                #expect(TextRules.normalise(text) == text && TextRules.firstForbidden(in: text) == nil
                        && TextRules.length(text) == text.utf8.count, "\(Array(text.utf8))")
            }
        }
        #expect(taken == 94 * 94)
        for text in ["", " a", "a ", "a\tb", "a\u{7F}", "Sầu riêng", "桂F12345", "e\u{301}"] {
            #expect(!TextRules.isPlainASCII(text), "\(Array(text.unicodeScalars))")
        }
    }

    /// The quick check's claim, checked against Foundation for every scalar it lets through.
    @Test func textTheQuickCheckPassesIsAlreadyNFC() {
        var passed = 0
        for range in [0x1..<0x300, 0x1E00..<0x1F00, 0x3400..<0x4DC0, 0x4E00..<0xA000] {
            for value in range {
                let text = String(Unicode.Scalar(UInt32(value))!)
                #expect(TextRules.isQuicklyNFC(text))
                if Array(text.precomposedStringWithCanonicalMapping.unicodeScalars) != Array(text.unicodeScalars) {
                    Issue.record("U+\(String(value, radix: 16)) passes the quick check but is not NFC")
                }
                passed += 1
            }
        }
        #expect(passed > 28_000)
    }

    @Test func combiningMarksAndCompatibilityIdeographsTakeTheFullNormalisation() {
        #expect(!TextRules.isQuicklyNFC("Nguye\u{302}\u{303}n"))
        #expect(!TextRules.isQuicklyNFC("\u{F900}"))  // a CJK compatibility ideograph, NFC U+8C48
        #expect(Array(TextRules.normalise("\u{F900}").unicodeScalars) == ["\u{8C48}"])
        #expect(TextRules.isQuicklyNFC("Công ty TNHH Xuất nhập khẩu Lạng Sơn 桂F12345"))
    }

    @Test func theSpelledOutCategoriesMatchTheStandardLibrarysTables() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let category = scalar.properties.generalCategory
            if TextRules.isSpace(scalar) != (category == .spaceSeparator) {
                Issue.record("U+\(String(value, radix: 16)): Zs is \(category == .spaceSeparator)")
            }
            if category == .control && TextRules.firstForbidden(in: String(scalar)) == nil {
                Issue.record("U+\(String(value, radix: 16)) is a control character but allowed")
            }
        }
    }
}
