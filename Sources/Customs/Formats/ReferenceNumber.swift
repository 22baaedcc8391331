/// Numbers issued by others that have no single national format (seals, licences, certificates):
/// the intake checks only the characters and the length, enough to keep them matchable.
enum ReferenceNumber {
    /// Seals: 1 to 20 capital letters, digits and hyphens (`VN123456`, `CN-0012345`).
    static func sealProblem(_ seal: String) -> String? {
        matches(seal, length: 1...20, extra: "-") ? nil : "a seal number is 1 to 20 capital letters, digits and hyphens, e.g. VN123456"
    }

    /// Driving licences: 5 to 20 capital letters and digits (Vietnam: 12 digits; China: the holder's
    /// 18-character ID number).
    static func drivingLicenceProblem(_ number: String) -> String? {
        matches(number, length: 5...20, extra: "") ? nil : "a driving licence number is 5 to 20 capital letters and digits, with no spaces, e.g. 120123456789"
    }

    /// Remote operator licences: 3 to 32 capital letters, digits, hyphens, dots and slashes.
    static func operatorLicenceProblem(_ number: String) -> String? {
        matches(number, length: 3...32, extra: "-./") ? nil : "an operator licence number is 3 to 32 capital letters, digits, and - . /, e.g. RO-2026/0042"
    }

    /// Quarantine certificates: 1 to 50 letters, digits, spaces and - . /, starting with a letter or digit.
    static func certificateProblem(_ number: String) -> String? {
        let utf8 = Array(number.utf8)
        guard (1...50).contains(utf8.count), let first = utf8.first, isLetterOrDigit(first, lowercase: true),
              utf8.allSatisfy({ isLetterOrDigit($0, lowercase: true) || " -./".utf8.contains($0) }) else {
            return "a certificate number is 1 to 50 letters, digits, spaces and - . /, as printed, e.g. PC-2026-0001"
        }
        return nil
    }

    private static func matches(_ text: String, length: ClosedRange<Int>, extra: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard length.contains(utf8.count), let first = utf8.first, isLetterOrDigit(first, lowercase: false) else { return false }
        return utf8.allSatisfy { isLetterOrDigit($0, lowercase: false) || extra.utf8.contains($0) }
    }

    private static func isLetterOrDigit(_ byte: UInt8, lowercase: Bool) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || byte &- UInt8(ascii: "A") < 26 || (lowercase && byte &- UInt8(ascii: "a") < 26)
    }
}
