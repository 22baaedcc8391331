import Foundation

/// A JSON number as written: the exact decimal text (already checked against the RFC 8259 grammar)
/// with parsed views computed on demand, so parsing never pays for a conversion nobody asks for.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number's text exactly as in the document, e.g. `-12.50e3`.
    public let text: String

    /// Wraps text that the caller guarantees matches the JSON number grammar (the parser does).
    init(validatedText: String) {
        self.text = validatedText
    }

    /// Parses `text` against the JSON number grammar; nil when it is not a JSON number.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, JSONNumber.grammarLength(bytes) == bytes.count else { return nil }
        self.text = text
    }

    /// A number written in plain notation from a Decimal (`Decimal.description` never uses exponents).
    public init(_ decimal: Decimal) {
        self.text = decimal.description
    }

    /// A number written in plain notation from an Amount.
    public init(_ amount: Amount) {
        self.text = amount.description
    }

    public init(_ integer: Int) {
        self.text = String(integer)
    }

    public var description: String { text }

    /// The exact value as a Decimal; nil when it does not fit Decimal's 38 digits and exponent range.
    public var decimal: Decimal? {
        if let value = plainDecimal { return value }
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), !value.isNaN else {
            return nil
        }
        return value
    }

    /// `[-]digits[.digits]` with at most 19 significant digits, built straight from the digits:
    /// `Decimal(string:locale:)` (a locale and a parse per call) was a tenth of the validation's
    /// time. Trailing zeros move into the exponent, so the value is compact, as the parser's is.
    var plainDecimal: Decimal? {
        var significand: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var pendingZeros = 0  // fraction zeros not yet known to be followed by another digit
        var inFraction = false
        var negative = false
        for (i, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "-") where i == 0:
                negative = true
            case UInt8(ascii: "."):
                inFraction = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inFraction && byte == UInt8(ascii: "0") {
                    pendingZeros += 1
                    continue
                }
                for _ in 0..<(pendingZeros + 1) {
                    if significand != 0 || byte != UInt8(ascii: "0") { digits += 1 }
                    guard digits <= 19 else { return nil }
                    significand = significand &* 10
                }
                significand = significand &+ UInt64(byte &- UInt8(ascii: "0"))
                if inFraction { fractionDigits += pendingZeros + 1 }
                pendingZeros = 0
            default:
                return nil  // an exponent: left to Foundation's parser
            }
        }
        return Decimal(sign: negative && significand != 0 ? .minus : .plus, exponent: -fractionDigits,
                       significand: Decimal(significand))
    }

    /// The exact value as an Amount; nil beyond 38 digits or 38 places.
    public var amount: Amount? { Amount(text) }

    /// The nearest Double; infinite for magnitudes beyond Double's range.
    public var double: Double? { Double(text) }

    /// The value as an Int when it is written as an integer (no fraction, no exponent) and fits.
    public var integer: Int? { Int(text) }

    /// How many digits after the decimal point the value needs, with trailing zeros and the exponent
    /// taken into account: `1.50` → 1, `1.5e1` → 0, `15e-3` → 3.
    public var fractionDigits: Int {
        let utf8 = Array(text.utf8)
        var index = 0
        var fraction = 0
        var exponent = 0
        // Skip sign and integer part.
        while index < utf8.count, utf8[index] != UInt8(ascii: "."), utf8[index] | 0x20 != UInt8(ascii: "e") { index += 1 }
        if index < utf8.count, utf8[index] == UInt8(ascii: ".") {
            index += 1
            var lastNonZero = 0
            var count = 0
            while index < utf8.count, utf8[index] >= UInt8(ascii: "0"), utf8[index] <= UInt8(ascii: "9") {
                count += 1
                if utf8[index] != UInt8(ascii: "0") { lastNonZero = count }
                index += 1
            }
            fraction = lastNonZero
        }
        if index < utf8.count, utf8[index] | 0x20 == UInt8(ascii: "e") {
            exponent = Int(String(decoding: utf8[(index + 1)...], as: UTF8.self).replacingOccurrences(of: "+", with: "")) ?? 0
        }
        return max(0, fraction - exponent)
    }

    /// The length of the longest prefix of `bytes` matching
    /// `number = [ minus ] int [ frac ] [ exp ]` (RFC 8259 section 6), or 0 when none does.
    static func grammarLength(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = NumberScanner(bytes: buffer, start: 0)
            return scanner.scan() ?? 0
        }
    }
}
