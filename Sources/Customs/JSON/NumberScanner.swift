/// Scans one JSON number, byte by byte:
///
///     number = [ minus ] int [ frac ] [ exp ]
///     int    = zero / ( digit1-9 *DIGIT )
///     frac   = decimal-point 1*DIGIT
///     exp    = e [ minus / plus ] 1*DIGIT          (RFC 8259, section 6)
///
/// Shared by the parser and `JSONNumber.init?(_:)` so there is one grammar.
struct NumberScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read; on failure, the byte that broke the grammar.
    var position: Int
    /// On failure, what the grammar wanted at `position`.
    private(set) var expected = ""

    init(bytes: UnsafeBufferPointer<UInt8>, start: Int) {
        self.bytes = bytes
        self.position = start
    }

    /// Returns the offset just past the number, or nil (see `position` and `expected`).
    mutating func scan() -> Int? {
        if at(UInt8(ascii: "-")) { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else {
            expected = "a digit"
            return nil
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) {
                expected = "no leading zero in a number (write 7, not 07)"
                return nil
            }
        } else {
            skipDigits()
        }
        if at(UInt8(ascii: ".")) {
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else {
                expected = "a digit after the decimal point"
                return nil
            }
            skipDigits()
        }
        if at(UInt8(ascii: "e")) || at(UInt8(ascii: "E")) {
            position += 1
            if at(UInt8(ascii: "+")) || at(UInt8(ascii: "-")) { position += 1 }
            guard position < bytes.count, isDigit(bytes[position]) else {
                expected = "a digit in the exponent"
                return nil
            }
            skipDigits()
        }
        return position
    }

    private func at(_ byte: UInt8) -> Bool {
        position < bytes.count && bytes[position] == byte
    }

    private mutating func skipDigits() {
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}
