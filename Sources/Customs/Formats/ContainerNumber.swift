/// ISO 6346 container identification: owner code (3 letters), equipment category (U freight
/// container, J detachable equipment, Z trailer or chassis), a 6-digit serial number and a check digit.
enum ContainerNumber {
    enum Failure: Equatable {
        /// Not shaped like a container number at all.
        case format
        /// Well-formed, but the 11th character is not the check digit of the first ten.
        case checkDigit(expected: Int)
    }

    /// The check digit of the first ten characters: Σ value × 2^position, mod 11, mod 10 (a remainder
    /// of 10 gives 0; ISO 6346 advises owners not to issue such serials, but they exist).
    static func checkDigit(of firstTen: some Collection<UInt8>) -> Int? {
        guard firstTen.count == 10 else { return nil }
        var sum = 0
        for (position, byte) in firstTen.enumerated() {
            guard let value = letterOrDigitValue(byte) else { return nil }
            sum += value << position
        }
        return sum % 11 % 10
    }

    static func validate(_ number: String) -> Failure? {
        let utf8 = Array(number.utf8)
        guard utf8.count == 11,
              utf8[0..<3].allSatisfy(isUppercaseLetter),
              [UInt8(ascii: "U"), UInt8(ascii: "J"), UInt8(ascii: "Z")].contains(utf8[3]),
              utf8[4..<11].allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else {
            return .format
        }
        let expected = checkDigit(of: utf8[0..<10])!
        return Int(utf8[10] - UInt8(ascii: "0")) == expected ? nil : .checkDigit(expected: expected)
    }

    /// Letter values: A = 10, counting up and skipping the multiples of 11 (so B = 12, L = 23, V = 34).
    private static let letterValues: [Int] = {
        var values: [Int] = []
        var next = 10
        for _ in 0..<26 {
            if next % 11 == 0 { next += 1 }
            values.append(next)
            next += 1
        }
        return values
    }()

    private static func letterOrDigitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): letterValues[Int(byte - UInt8(ascii: "A"))]
        default: nil
        }
    }

    private static func isUppercaseLetter(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "A") < 26
    }
}
