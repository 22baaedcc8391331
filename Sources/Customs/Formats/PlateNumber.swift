/// Vietnamese and Chinese registration plates, as a carrier types them and plate recognition at the
/// gate reads them. Every accepted pattern is listed, with examples, in Docs/validation.md.
enum PlateNumber {
    struct Parsed: Equatable {
        /// The stored form: Vietnamese 5-digit serials always with the dot (`29H-123.45`).
        var normalised: String
        var country: String
        /// `R` series in Vietnam, `挂` suffix in China.
        var isTrailer: Bool
    }

    static func parse(_ plate: String) -> Parsed? {
        vietnamese(plate) ?? chinese(plate)
    }

    /// Letters of Vietnamese plate series (Circular 24/2023/TT-BCA leaves out I, J, O, Q and W).
    private static let vietnameseSeriesLetters = Set("ABCDEFGHKLMNPRSTUVXYZ".utf8)

    /// `PP S[S][d]-NNNN`, `PP S[S][d]-NNN.NN` or `PP S[S][d]-NNNNN`: province 11–99, a series of one or
    /// two letters and an optional digit, a hyphen, then a 4- or 5-digit serial.
    static func vietnamese(_ plate: String) -> Parsed? {
        let utf8 = Array(plate.utf8)
        guard utf8.count >= 8, utf8.count <= 12, isDigit(utf8[0]), isDigit(utf8[1]) else { return nil }
        let province = Int(utf8[0] - 48) * 10 + Int(utf8[1] - 48)
        guard (11...99).contains(province) else { return nil }
        guard let hyphen = utf8.firstIndex(of: UInt8(ascii: "-")) else { return nil }
        let series = Array(utf8[2..<hyphen])
        let letters = series.prefix(while: { vietnameseSeriesLetters.contains($0) })
        let rest = series.dropFirst(letters.count)
        guard (1...2).contains(letters.count), rest.count <= 1, rest.allSatisfy(isDigit) else { return nil }
        let serial = Array(utf8[(hyphen + 1)...])
        let digits: [UInt8]
        switch serial.count {
        case 4 where serial.allSatisfy(isDigit), 5 where serial.allSatisfy(isDigit):
            digits = serial
        case 6 where serial[3] == UInt8(ascii: ".") && serial[0..<3].allSatisfy(isDigit) && serial[4...].allSatisfy(isDigit):
            digits = Array(serial[0..<3] + serial[4...])
        default:
            return nil
        }
        var normalised = Array(utf8[0...hyphen])
        if digits.count == 5 {
            normalised += digits[0..<3] + [UInt8(ascii: ".")] + digits[3...]
        } else {
            normalised += digits
        }
        return Parsed(normalised: String(decoding: normalised, as: UTF8.self), country: "VN", isTrailer: letters.first == UInt8(ascii: "R"))
    }

    /// Letters on Chinese plates: A–Z without I and O (GA 36-2018).
    private static let chineseLetters = Set("ABCDEFGHJKLMNPQRSTUVWXYZ")
    private static let digits = Set("0123456789")

    /// Province character + issuing-office letter + 5 letters/digits (`桂F12345`); new-energy plates
    /// with 6 (`桂FD12345` small, `桂F12345D` large); trailers with 4 and `挂` (`桂F1234挂`).
    static func chinese(_ plate: String) -> Parsed? {
        let characters = Array(plate)
        guard characters.count >= 7, characters.count <= 8,
              ChinesePlateProvinces.all.contains(characters[0]),
              chineseLetters.contains(characters[1]) else { return nil }
        let tail = Array(characters[2...])
        let alphanumeric: (Character) -> Bool = { chineseLetters.contains($0) || digits.contains($0) }
        if tail.count == 5, tail.last == "挂" {
            guard tail.dropLast().allSatisfy(alphanumeric) else { return nil }
            return Parsed(normalised: plate, country: "CN", isTrailer: true)
        }
        if tail.count == 5, tail.allSatisfy(alphanumeric) {
            return Parsed(normalised: plate, country: "CN", isTrailer: false)
        }
        if tail.count == 6 {
            let small = "DFABCEGHJK".contains(tail[0]) && alphanumeric(tail[1]) && tail[2...].allSatisfy(digits.contains)
            let large = tail[0..<5].allSatisfy(digits.contains) && (tail[5] == "D" || tail[5] == "F")
            if small || large { return Parsed(normalised: plate, country: "CN", isTrailer: false) }
        }
        return nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
}
