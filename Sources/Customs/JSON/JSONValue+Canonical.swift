// RFC 8785, the JSON Canonicalization Scheme (JCS): the bytes a signature covers. Two nodes that
// parse the same document must produce the same bytes whatever order and spacing the sender
// used, so the form is fixed: no whitespace, object members sorted by their keys' UTF-16 code
// units, strings escaped as ECMAScript's JSON.stringify does (the compact serializer's
// `appendEscaped`, which already follows those rules), numbers as Number.prototype.toString.
//
// Numbers are canonicalised from the nearest IEEE-754 double, not from their text: JCS is defined
// on doubles (the I-JSON number model, RFC 7493), so `333333333.33333329` and `333333333.3333333`
// have the same canonical form. The protocol keeps money and weights within 15 significant
// digits, which a double holds exactly enough that no two values it allows collide.
//
// Keys are unique in a JSONObject (the parser refuses duplicates, the subscript replaces), so the
// sort never has to break a tie.

extension JSONValue {
    /// The value's RFC 8785 canonical form in UTF-8, the input to a signature.
    public func canonicalSerialized() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        appendCanonical(to: &output)
        return output
    }

    func appendCanonical(to output: inout [UInt8]) {
        switch self {
        case .null, .bool, .string: append(to: &output)
        case .number(let number): JSONValue.appendCanonical(number, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.appendCanonical(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            // Swift's String `<` compares by Unicode canonical equivalence, not code units, so the
            // order is computed on the UTF-16 view as RFC 8785 section 3.2.3 requires.
            // Below U+E000 UTF-8 byte order is UTF-16 order (one code unit per scalar, in scalar
            // order), and reading the UTF-8 a String holds costs no transcoding; only keys with
            // a lead byte from 0xEE (U+E000 and up, surrogate pairs) need the UTF-16 view.
            let members = object.members
            let sorted: [JSONObject.Member]
            if members.allSatisfy({ JSONValue.isBelowU_E000($0.key) }) {
                // What a canonical sender sent parses in canonical order already: a signed message
                // is checked without copying (and retaining) every object's members to sort them.
                let inOrder = members.indices.dropFirst().allSatisfy { JSONValue.utf8Precedes(members[$0 - 1].key, members[$0].key) }
                sorted = inOrder ? members : members.sorted { JSONValue.utf8Precedes($0.key, $1.key) }
            } else {
                sorted = members.map { (utf16: Array($0.key.utf16), member: $0) }
                    .sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
                    .map(\.member)
            }
            output.append(UInt8(ascii: "{"))
            for (index, member) in sorted.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.appendEscaped(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                member.value.appendCanonical(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// True when every scalar is below U+E000 (no UTF-8 lead byte from 0xEE), read from the
    /// String's own buffer: stepping `utf8`'s index is several times slower.
    static func isBelowU_E000(_ key: String) -> Bool {
        key.utf8.withContiguousStorageIfAvailable { bytes in !bytes.contains { $0 >= 0xEE } }
            ?? key.utf8.allSatisfy { $0 < 0xEE }
    }

    /// UTF-8 byte order of two strings, on their own buffers.
    static func utf8Precedes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in x.lexicographicallyPrecedes(y) }
        }
        if let fast, let fast { return fast }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// ECMAScript's Number.prototype.toString (ECMA-262, Number::toString) of the number's double.
    ///
    /// A magnitude beyond the double range (`1e400`) has no JCS form; RFC 8785 says to fail, and
    /// the reference implementation (JSON.stringify) writes `null`. This writes `null` too, so the
    /// function stays total; code that signs or verifies should refuse such numbers beforehand.
    static func appendCanonical(_ number: JSONNumber, to output: inout [UInt8]) {
        // An integer of at most 15 digits is exact as a double and ECMAScript writes it as is
        // (JSON allows no leading zeros; "-0" is the one spelling that changes, to "0").
        let text = number.text.utf8
        let magnitude = text.first == UInt8(ascii: "-") ? text.dropFirst() : text[...]
        if !magnitude.isEmpty, magnitude.count <= 15,
           magnitude.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            if number.text == "-0" { output.append(UInt8(ascii: "0")) } else { output.append(contentsOf: text) }
            return
        }
        if isCanonicalPlainDecimal(magnitude) {
            output.append(contentsOf: text)
            return
        }
        guard let value = number.double, value.isFinite else {
            output.append(contentsOf: "null".utf8)
            return
        }
        output.append(contentsOf: ecmaScriptText(value).utf8)
    }

    /// True for `int.frac` (no exponent) with at most 15 significant digits, no trailing zero in
    /// the fraction and a magnitude of at least 10^-6: ECMAScript writes its double exactly so.
    /// Fifteen significant digits survive the trip through a double (DBL_DIG), so no shorter
    /// string names the same double and its shortest digits are these; from 10^-6 to 10^21
    /// ECMAScript uses no exponent. Amounts such as 12345.67 skip the double's formatting, which
    /// was 1.4% of the gateway's CPU on the partners' declarations.
    static func isCanonicalPlainDecimal(_ magnitude: Substring.UTF8View) -> Bool {
        guard let point = magnitude.firstIndex(of: UInt8(ascii: ".")) else { return false }
        let integer = magnitude[..<point], fraction = magnitude[magnitude.index(after: point)...]
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        guard !integer.isEmpty, !fraction.isEmpty, integer.allSatisfy(isDigit), fraction.allSatisfy(isDigit),
              fraction.last != UInt8(ascii: "0") else { return false }
        if integer.first == UInt8(ascii: "0") {
            guard integer.count == 1 else { return false }  // not JSON; the parser refuses it anyway
            let zeros = fraction.prefix { $0 == UInt8(ascii: "0") }.count
            return zeros <= 5 && fraction.count - zeros <= 15
        }
        return integer.count + fraction.count <= 15
    }

    /// Lays out Swift's shortest round-trip digits by ECMA-262's rules. With the digits
    /// d1…dk and the exponent n such that the value is 0.d1…dk × 10^n:
    ///   k ≤ n ≤ 21   → the digits then n−k zeros (integers up to 10^21 in full)
    ///   0 < n ≤ 21   → the digits with a point after the n-th
    ///   −6 < n ≤ 0   → "0." then −n zeros then the digits
    ///   otherwise    → d1[.d2…dk]e±(n−1)
    static func ecmaScriptText(_ value: Double) -> String {
        if value == 0 { return "0" }  // -0 too
        let (digits, n) = shortestDigits(abs(value))
        let k = digits.count
        var text = value < 0 ? "-" : ""
        if k <= n && n <= 21 {
            text += String(digits) + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            text += String(digits[..<n]) + "." + String(digits[n...])
        } else if -6 < n && n <= 0 {
            text += "0." + String(repeating: "0", count: -n) + String(digits)
        } else {
            let exponent = n - 1
            text += String(digits[0])
            if k > 1 { text += "." + String(digits[1...]) }
            text += "e" + (exponent < 0 ? "-" : "+") + String(abs(exponent))
        }
        return text
    }

    /// The significant digits (no leading or trailing zeros) and the exponent n of a positive
    /// finite double, read from Swift's `description`, which prints the shortest digit string
    /// that round-trips (the same digits ECMAScript requires) as `ddd.ddd` or `d.ddde±x`.
    private static func shortestDigits(_ value: Double) -> (digits: [Character], n: Int) {
        let text = value.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...])!  // Int accepts a leading "+"
        }
        // n counts the digits before the point, adjusted below for leading zeros.
        var digits: [Character] = []
        var pointPosition: Int? = nil
        for character in mantissa {
            if character == "." { pointPosition = digits.count } else { digits.append(character) }
        }
        var n = (pointPosition ?? digits.count) + exponent
        while let first = digits.first, first == "0" {
            digits.removeFirst()
            n -= 1
        }
        while let last = digits.last, last == "0" { digits.removeLast() }
        return (digits, n)
    }
}
