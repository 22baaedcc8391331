/// Formats of the driver's document numbers, by document type and nationality.
enum PersonalDocumentNumber {
    /// Nil when `number` fits a passport of `nationality`, else a reason.
    ///
    /// Vietnam: one letter and 7 digits (`C1234567`). China: `E` and 8 digits, `E`, a letter other
    /// than I or O and 7 digits (`EA1234567`), or the older `G` and 8 digits. Others: ICAO 9303's
    /// document number, 1 to 9 capital letters and digits.
    static func passportProblem(_ number: String, nationality: String) -> String? {
        let utf8 = Array(number.utf8)
        switch nationality {
        case "VN":
            if utf8.count == 8, isLetter(utf8[0]), utf8[1...].allSatisfy(isDigit) { return nil }
            return "a Vietnamese passport number is one capital letter and 7 digits, e.g. C1234567"
        case "CN":
            if utf8.count == 9, utf8[0] == UInt8(ascii: "E") || utf8[0] == UInt8(ascii: "G"), utf8[1...].allSatisfy(isDigit) { return nil }
            if utf8.count == 9, utf8[0] == UInt8(ascii: "E"), isLetter(utf8[1]), utf8[1] != UInt8(ascii: "I"), utf8[1] != UInt8(ascii: "O"), utf8[2...].allSatisfy(isDigit) { return nil }
            return "a Chinese passport number is E and 8 digits (E12345678), E, a letter and 7 digits (EA1234567), or G and 8 digits"
        default:
            if (1...9).contains(utf8.count), utf8.allSatisfy({ isLetter($0) || isDigit($0) }) { return nil }
            return "a passport number is 1 to 9 capital letters and digits (ICAO 9303)"
        }
    }

    /// Vietnamese citizen ID (căn cước công dân, Decree 137/2015/ND-CP): 12 digits. Digits 1–3 are
    /// the province of birth registration, digit 4 the century and sex (0/1: born 1900–1999,
    /// 2/3: born 2000–2099), digits 5–6 the last two digits of the birth year.
    static func vietnameseCitizenIDProblem(_ number: String, birthDate: CalendarDate?) -> String? {
        let utf8 = Array(number.utf8)
        guard utf8.count == 12, utf8.allSatisfy(isDigit) else {
            return "a Vietnamese citizen ID number is 12 digits, e.g. 020085001234"
        }
        let value = utf8.map { Int($0 - UInt8(ascii: "0")) }
        let province = value[0] * 100 + value[1] * 10 + value[2]
        guard VietnameseProvinceCodes.all.contains(province) else {
            return "a citizen ID number starts with a province code (001 Hà Nội … 096 Cà Mau); \(utf8[0..<3].map { String($0 - 48) }.joined()) is not one"
        }
        guard value[3] <= 3 else {
            return "the 4th digit of a citizen ID number gives century and sex and is 0–3 for people born 1900–2099; it is \(value[3])"
        }
        let year = 1900 + value[3] / 2 * 100 + value[4] * 10 + value[5]
        if let birthDate, birthDate.year != year {
            return "the citizen ID number says the holder was born in \(year), but birthDate is \(birthDate)"
        }
        return nil
    }

    /// Chinese resident ID (居民身份证, GB 11643-1999): 6-digit address code, birth date YYYYMMDD,
    /// 3-digit sequence, and an ISO 7064 MOD 11-2 check character (0–9 or X).
    static func chineseResidentIDProblem(_ number: String, birthDate: CalendarDate?) -> String? {
        let utf8 = Array(number.utf8)
        guard utf8.count == 18, utf8[0..<17].allSatisfy(isDigit), isDigit(utf8[17]) || utf8[17] == UInt8(ascii: "X") else {
            return "a Chinese resident ID number is 17 digits and a check character (a digit or X), e.g. 11010519491231002X"
        }
        let province = Int(utf8[0] - 48) * 10 + Int(utf8[1] - 48)
        guard chineseProvinceCodes.contains(province) else {
            return "a Chinese resident ID number starts with a province code (11 Beijing … 65 Xinjiang); \(province) is not one"
        }
        guard let born = CalendarDate(iso8601: "\(String(decoding: utf8[6..<10], as: UTF8.self))-\(String(decoding: utf8[10..<12], as: UTF8.self))-\(String(decoding: utf8[12..<14], as: UTF8.self))") else {
            return "digits 7–14 of a Chinese resident ID number are the birth date (YYYYMMDD), and \(String(decoding: utf8[6..<14], as: UTF8.self)) is not a date"
        }
        let expected = mod11_2CheckCharacter(utf8[0..<17])
        if utf8[17] != expected {
            return "the resident ID number's check character (18th) does not match: it must be \(Character(Unicode.Scalar(expected))); check for a typing error"
        }
        if let birthDate, birthDate != born {
            return "the resident ID number says the holder was born on \(born), but birthDate is \(birthDate)"
        }
        return nil
    }

    /// ISO 7064 MOD 11-2 over digits: weights 2^(17−i) mod 11; check = (12 − Σ mod 11) mod 11, 10 → X.
    static func mod11_2CheckCharacter(_ digits: some Collection<UInt8>) -> UInt8 {
        var sum = 0
        for byte in digits {
            // Horner's scheme: multiplying the running sum by 2 each step gives digit i weight 2^(n−i).
            sum = (sum + Int(byte - UInt8(ascii: "0"))) * 2 % 11
        }
        let check = (12 - sum % 11) % 11
        return check == 10 ? UInt8(ascii: "X") : UInt8(ascii: "0") + UInt8(check)
    }

    /// First two digits of mainland address codes (GB/T 2260), plus 81, 82 and 83, the codes on
    /// residence permits of Hong Kong, Macao and Taiwan residents, which share the format.
    private static let chineseProvinceCodes: Set<Int> = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 81, 82, 83,
    ]

    /// Border passes have no published national format: 6 to 12 capital letters and digits.
    static func borderPassProblem(_ number: String) -> String? {
        let utf8 = Array(number.utf8)
        if (6...12).contains(utf8.count), utf8.allSatisfy({ isLetter($0) || isDigit($0) }) { return nil }
        return "a border pass number is 6 to 12 capital letters and digits"
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
    private static func isLetter(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "A") < 26 }
}
