/// Harmonized System codes as declared at this crossing: 8 digits on Vietnam's tariff (AHTN-based)
/// or 10 digits on China's. The chapter (first two digits) must exist: 01–97, and 77 is reserved.
enum HSCode {
    /// The first `length` digits of a code, cut from its UTF-8 (a valid code is digits) rather than
    /// by Character: the risk rules look prefixes up for every rule on every goods line.
    static func prefix(_ code: String, _ length: Int) -> String {
        String(Substring(code.utf8.prefix(length)))
    }

    /// Nil when valid, else a plain-language reason.
    static func problem(_ code: String) -> String? {
        let utf8 = Array(code.utf8)
        guard utf8.count == 8 || utf8.count == 10, utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else {
            return "an HS code is 8 digits (Vietnamese tariff) or 10 digits (Chinese tariff), with no dots or spaces, e.g. 08109010; got \"\(code)\""
        }
        let chapter = Int(utf8[0] - UInt8(ascii: "0")) * 10 + Int(utf8[1] - UInt8(ascii: "0"))
        guard (1...97).contains(chapter), chapter != 77 else {
            return "HS chapter \(utf8[0] - 48)\(utf8[1] - 48) does not exist (chapters are 01–97, and 77 is reserved)"
        }
        return nil
    }
}
