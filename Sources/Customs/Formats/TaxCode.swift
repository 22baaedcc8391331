/// Tax codes of the declarant.
///
/// Vietnam (mã số thuế, Circular 105/2020/TT-BTC): 10 digits N1…N10, where N10 is a check digit,
/// 10 − (Σ Ni × (31, 29, 23, 19, 17, 13, 7, 5, 3)) mod 11; a branch adds "-" and 3 digits.
///
/// China (统一社会信用代码, GB 32100-2015): 18 characters from 0–9 and the capital letters except
/// I, O, Z, S and V; the last is a check character, 31 − (Σ value × 3^i mod 31) mod 31.
public enum TaxCode {
    /// A valid Vietnamese MST or Chinese unified social credit code.
    public static func isValid(_ code: String) -> Bool {
        problem(code, country: "VN") == nil || problem(code, country: "CN") == nil
    }

    /// Nil when `code` is a valid tax code of `country` (`VN` or `CN`), else a reason.
    static func problem(_ code: String, country: String) -> String? {
        switch country {
        case "VN": vietnameseProblem(code)
        case "CN": chineseProblem(code)
        default: nil
        }
    }

    static func vietnameseProblem(_ code: String) -> String? {
        let utf8 = Array(code.utf8)
        let shapeOK = (utf8.count == 10 && utf8.allSatisfy(isDigit))
            || (utf8.count == 14 && utf8[0..<10].allSatisfy(isDigit) && utf8[10] == UInt8(ascii: "-") && utf8[11...].allSatisfy(isDigit))
        guard shapeOK else {
            if utf8.count == 18 { return "a Vietnamese tax code (MST) is 10 digits, or 10 digits, \"-\" and a 3-digit branch number; \"\(code)\" looks like a Chinese credit code, so check trader.country" }
            return "a Vietnamese tax code (MST) is 10 digits, or 10 digits, \"-\" and a 3-digit branch number, e.g. 4900567896 or 4900567896-001; got \"\(code)\""
        }
        guard let expected = vietnameseCheckDigit(utf8[0..<9]) else {
            return "\"\(code)\" is not a tax code that can be issued (no check digit fits its first nine digits)"
        }
        if Int(utf8[9] - UInt8(ascii: "0")) != expected {
            return "the tax code's check digit (10th digit) does not match: with these first nine digits it must be \(expected); check for a typing error"
        }
        return nil
    }

    /// The MST check digit, or nil when the weighted sum leaves no digit (remainder 0 gives 10).
    static func vietnameseCheckDigit(_ firstNine: some Collection<UInt8>) -> Int? {
        let weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]
        var sum = 0
        for (weight, byte) in zip(weights, firstNine) { sum += weight * Int(byte - UInt8(ascii: "0")) }
        let digit = 10 - sum % 11
        return digit == 10 ? nil : digit
    }

    /// The 31 characters of a USCC, in value order.
    static let creditCodeAlphabet: [UInt8] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)

    static func chineseProblem(_ code: String) -> String? {
        let utf8 = Array(code.utf8)
        guard utf8.count == 18 else {
            return "a Chinese unified social credit code is 18 characters (digits and capital letters other than I, O, Z, S, V), e.g. 914403001922038216; got \(code.unicodeScalars.count) characters"
        }
        guard let expected = creditCodeCheckCharacter(utf8[0..<17]), creditCodeAlphabet.contains(utf8[17]) else {
            return "a Chinese unified social credit code uses only digits and the capital letters other than I, O, Z, S and V"
        }
        if utf8[17] != expected {
            return "the credit code's check character (18th) does not match: it must be \(Character(Unicode.Scalar(expected))); check for a typing error"
        }
        return nil
    }

    static func creditCodeCheckCharacter(_ firstSeventeen: some Collection<UInt8>) -> UInt8? {
        var sum = 0
        var weight = 1
        for byte in firstSeventeen {
            guard let value = creditCodeAlphabet.firstIndex(of: byte) else { return nil }
            sum += value * weight
            weight = weight * 3 % 31
        }
        return creditCodeAlphabet[(31 - sum % 31) % 31]
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
}
