/// The check characters a generated declaration must get right, or the gateway's intake refuses it
/// (Docs/validation.md): the same algorithms, written out again here so the simulated node is an
/// independent implementation and not the gateway checking itself.
enum CheckDigits {
    /// ISO 6346 container number: owner code (3 letters), category (U), 6-digit serial, check digit.
    /// Letters count 10 upwards skipping multiples of 11; position i weighs 2^i; sum mod 11 mod 10.
    static func containerNumber(owner: String, serial: Int) -> String {
        let digits = String(serial % 1_000_000)
        let body = owner + "U" + String(repeating: "0", count: 6 - digits.count) + digits
        var sum = 0
        for (index, character) in body.enumerated() {
            sum += containerValue(character) << index
        }
        return body + String(sum % 11 % 10)
    }

    static func containerValue(_ character: Character) -> Int {
        if let digit = character.wholeNumberValue { return digit }
        var value = 10
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
            if letter == character { return value }
            value += 1
            if value % 11 == 0 { value += 1 }
        }
        return 0
    }

    /// GB 11643-1999 / ISO 7064 MOD 11-2: the 18th character of a Chinese resident ID number.
    static func residentIDCheck(_ first17: String) -> Character {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(first17, weights).reduce(0) { $0 + ($1.0.wholeNumberValue ?? 0) * $1.1 }
        return Array("10X98765432")[sum % 11]
    }

    /// GB 32100-2015: the 18th character of a unified social credit code; weights are 3^i mod 31.
    static func creditCodeCheck(_ first17: String) -> Character {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        var sum = 0
        var weight = 1
        for character in first17 {
            sum += (alphabet.firstIndex(of: character) ?? 0) * weight
            weight = weight * 3 % 31
        }
        return alphabet[(31 - sum % 31) % 31]
    }
}
