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

    /// A number written in plain notation from an Amount.
    public init(_ amount: Amount) {
        self.text = amount.description
    }

    public init(_ integer: Int) {
        self.text = String(integer)
    }

    public var description: String { text }

    /// The exact value as an Amount; nil beyond 38 digits or 38 places.
    public var amount: Amount? { Amount(text) }

    /// The nearest Double; infinite for magnitudes beyond Double's range.
    public var double: Double? { Double(text) }

    /// The value as an Int when it is written as an integer (no fraction, no exponent) and fits.
    public var integer: Int? { Int(text) }

    /// The length of the longest prefix of `bytes` matching
    /// `number = [ minus ] int [ frac ] [ exp ]` (RFC 8259 section 6), or 0 when none does.
    static func grammarLength(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = NumberScanner(bytes: buffer, start: 0)
            return scanner.scan() ?? 0
        }
    }
}
