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
}
