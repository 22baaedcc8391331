import Foundation

/// An exact decimal number, `significand × 10^-scale`: a goods line's quantity, weight and value,
/// and a ruleset's rates and thresholds.
///
/// Kept in lowest terms (no trailing zero after the point), so equal amounts have equal fields and
/// `==` and hashing agree with the value. At most 38 digits and 38 places, which covers every
/// amount validation accepts with room to multiply. Foundation's `Decimal` did this job before;
/// its arithmetic, comparisons and text were a sixth of the daemon's CPU under the declaration
/// load, where an `Int128` does the same in a few instructions.
public struct Amount: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public let significand: Int128
    /// Digits after the point (0 for a whole number).
    public let scale: Int

    static let maxScale = 38
    /// 10^0 … 10^38; 10^38 is below Int128's maximum (about 1.7 × 10^38).
    static let powersOfTen: [Int128] = (0...38).reduce(into: []) { table, n in table.append(n == 0 ? 1 : table[n - 1] * 10) }
    static var digitLimit: Int128 { powersOfTen[38] }

    /// Nil when the value needs more than 38 digits or 38 places.
    public init?(significand: Int128, scale: Int) {
        guard scale >= 0 else {
            guard -scale <= 38, let scaled = Self.scaledUp(significand, by: -scale) else { return nil }
            self.init(significand: scaled, scale: 0)
            return
        }
        var significand = significand, scale = scale
        while scale > 0, significand % 10 == 0 {
            significand /= 10
            scale -= 1
        }
        guard scale <= Self.maxScale, significand.magnitude < Self.digitLimit.magnitude else { return nil }
        self.init(lowestTerms: significand, scale: scale)
    }

    private init(lowestTerms significand: Int128, scale: Int) {
        self.significand = significand
        self.scale = scale
    }

    public init(_ integer: Int) {
        self.init(lowestTerms: Int128(integer), scale: 0)
    }

    public init(integerLiteral value: Int) {
        self.init(value)
    }

    public static let zero = Amount(0)

    /// Parses decimal text: `[-]digits[.digits][(e|E)[+|-]digits]`, the JSON number grammar (and a
    /// little more: leading zeros). Nil for anything else and for values beyond 38 digits or places.
    public init?(_ text: String) {
        var text = text
        guard let amount = text.withUTF8({ Self.parse($0) }) else { return nil }
        self = amount
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Amount? {
        var index = 0
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9") }
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { index += 1 }
        guard isDigit(index) else { return nil }
        var significand: Int128 = 0
        var digits = 0
        var fractionDigits = 0
        // Appends `zeros` zeros then `digit`, or fails past 38 significant digits.
        func append(_ digit: UInt8, after zeros: Int) -> Bool {
            for _ in 0..<(zeros + 1) {
                if significand != 0 || digit != 0 { digits += 1 }
                guard digits <= 38 else { return false }
                significand = significand &* 10
            }
            significand = significand &+ Int128(digit)
            return true
        }
        while isDigit(index) {
            guard append(bytes[index] &- UInt8(ascii: "0"), after: 0) else { return nil }
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { return nil }
            var pendingZeros = 0  // fraction zeros not yet known to be followed by another digit
            while isDigit(index) {
                let digit = bytes[index] &- UInt8(ascii: "0")
                index += 1
                if digit == 0 {
                    pendingZeros += 1
                    continue
                }
                guard append(digit, after: pendingZeros) else { return nil }
                fractionDigits += pendingZeros + 1
                pendingZeros = 0
            }
        }
        var exponent = 0
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard isDigit(index) else { return nil }
            while isDigit(index) {
                // Past 10^4 nothing non-zero fits; the digits are only counted.
                if exponent < 10_000 { exponent = exponent * 10 + Int(bytes[index] &- UInt8(ascii: "0")) }
                index += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        guard index == bytes.count else { return nil }
        if significand == 0 { return .zero }
        return Amount(significand: negative ? -significand : significand, scale: fractionDigits - exponent)
    }

    /// `significand × 10^by`, nil when it does not fit.
    static func scaledUp(_ significand: Int128, by places: Int) -> Int128? {
        guard places > 0 else { return significand }
        guard places <= 38 else { return significand == 0 ? 0 : nil }
        let (product, overflow) = significand.multipliedReportingOverflow(by: powersOfTen[places])
        return overflow ? nil : product
    }

    public static func < (a: Amount, b: Amount) -> Bool { compare(a, b) < 0 }

    /// -1, 0 or 1. With different scales the coarser one is brought to the finer scale; when that
    /// overflows, its magnitude exceeds any 38-digit significand, so its sign decides.
    static func compare(_ a: Amount, _ b: Amount) -> Int {
        if a.scale == b.scale { return a.significand < b.significand ? -1 : (a.significand == b.significand ? 0 : 1) }
        if a.scale < b.scale {
            guard let up = scaledUp(a.significand, by: b.scale - a.scale) else { return a.significand < 0 ? -1 : 1 }
            return up < b.significand ? -1 : (up == b.significand ? 0 : 1)
        }
        guard let up = scaledUp(b.significand, by: a.scale - b.scale) else { return b.significand < 0 ? 1 : -1 }
        return a.significand < up ? -1 : (a.significand == up ? 0 : 1)
    }

    /// The exact sum; nil beyond 38 digits.
    public func adding(_ other: Amount) -> Amount? {
        let scale = max(self.scale, other.scale)
        guard let a = Self.scaledUp(significand, by: scale - self.scale),
              let b = Self.scaledUp(other.significand, by: scale - other.scale) else { return nil }
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : Amount(significand: sum, scale: scale)
    }

    /// The exact product; nil beyond 38 digits or 38 places (the caller falls back to `Decimal`).
    public func multiplied(by other: Amount) -> Amount? {
        let (product, overflow) = significand.multipliedReportingOverflow(by: other.significand)
        return overflow ? nil : Amount(significand: product, scale: scale + other.scale)
    }

    /// `self / divisor` rounded to `places` decimals, halves away from zero (as `NSDecimalRound`'s
    /// `.plain`); nil for a zero divisor or when the scaled operands do not fit.
    public func divided(by divisor: Amount, places: Int) -> Amount? {
        guard divisor.significand != 0, places >= 0 else { return nil }
        // self / divisor × 10^places = s × 10^(divisor.scale + places - scale) / d
        let shift = divisor.scale + places - scale
        var numerator = significand, denominator = divisor.significand
        if shift >= 0 {
            guard let scaled = Self.scaledUp(numerator, by: shift) else { return nil }
            numerator = scaled
        } else {
            guard let scaled = Self.scaledUp(denominator, by: -shift) else { return nil }
            denominator = scaled
        }
        var (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        if remainder.magnitude >= denominator.magnitude - remainder.magnitude {
            quotient += (numerator < 0) == (denominator < 0) ? 1 : -1
        }
        return Amount(significand: quotient, scale: places)
    }

    /// Plain notation without an exponent, as `Decimal.description` writes it: `18000`, `0.5`,
    /// `-1250000.25`.
    public var description: String {
        let digits = significand.magnitude <= UInt64.max ? String(UInt64(significand.magnitude)) : String(significand.magnitude)
        let sign = significand < 0 ? "-" : ""
        guard scale > 0 else { return sign + digits }
        if digits.utf8.count > scale {
            let point = digits.utf8.index(digits.utf8.endIndex, offsetBy: -scale)
            return sign + digits[..<point] + "." + digits[point...]
        }
        return sign + "0." + String(repeating: "0", count: scale - digits.utf8.count) + digits
    }

    /// The same value as a Foundation `Decimal`, for arithmetic beyond 38 digits.
    public var decimal: Decimal {
        let magnitude: Decimal = significand.magnitude <= UInt64.max
            ? Decimal(UInt64(significand.magnitude))
            : Decimal(string: String(significand.magnitude), locale: Locale(identifier: "en_US_POSIX"))!
        return Decimal(sign: significand < 0 ? .minus : .plus, exponent: -scale, significand: magnitude)
    }
}
