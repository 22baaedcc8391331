import Foundation

/// Walks a ruleset document, collecting every problem with its pointer rather than stopping at the
/// first, so an operator fixes a broken file in one round. Strict: unknown fields, `null`, wrong types
/// and out-of-range values are all refused; a mistake in a ruleset silently changes who is inspected.
struct RuleSetDecoder {
    private(set) var problems: [RuleSetProblem] = []

    static let maxRules = 10_000
    static let maxListEntries = 100_000
    static let maxTextLength = 500

    mutating func report(_ pointer: JSONPointer, _ detail: String) {
        problems.append(RuleSetProblem(pointer: pointer.description, detail: detail))
    }

    /// The object at `pointer`, after reporting unknown and missing members. Nil when not an object.
    mutating func object(_ value: JSONValue, at pointer: JSONPointer, required: [String], optional: [String] = []) -> JSONObject? {
        guard case .object(let object) = value else {
            report(pointer, "expected an object, found \(value.typeName)")
            return nil
        }
        let known = required + optional
        for key in object.keys where !known.contains(key) {
            report(pointer.appending(key), "unknown field \"\(key)\"; the known fields here are \(known.joined(separator: ", "))")
        }
        for key in required where object[key] == nil {
            report(pointer.appending(key), "required field \"\(key)\" is missing")
        }
        return object
    }

    /// A string of 1…`maxLength` characters with no leading or trailing white space.
    mutating func string(_ value: JSONValue, at pointer: JSONPointer, maxLength: Int = maxTextLength) -> String? {
        guard case .string(let text) = value else {
            report(pointer, "expected a string, found \(value.typeName)")
            return nil
        }
        guard !text.isEmpty, text.count <= maxLength else {
            report(pointer, "expected 1 to \(maxLength) characters, found \(text.count)")
            return nil
        }
        guard text.first?.isWhitespace != true, text.last?.isWhitespace != true,
              !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            report(pointer, "remove the leading or trailing white space and any control characters")
            return nil
        }
        return text
    }

    mutating func bool(_ value: JSONValue, at pointer: JSONPointer) -> Bool? {
        guard case .bool(let flag) = value else {
            report(pointer, "expected true or false, found \(value.typeName)")
            return nil
        }
        return flag
    }

    /// An integer written without fraction or exponent, within `range`.
    mutating func integer(_ value: JSONValue, at pointer: JSONPointer, in range: ClosedRange<Int>) -> Int? {
        guard case .number(let number) = value else {
            report(pointer, "expected an integer, found \(value.typeName)")
            return nil
        }
        guard let integer = number.integer, range.contains(integer) else {
            report(pointer, "expected an integer from \(range.lowerBound) to \(range.upperBound), found \(number.text)")
            return nil
        }
        return integer
    }

    /// An exact decimal number; `check` returns a reason when the value is out of range.
    mutating func decimal(_ value: JSONValue, at pointer: JSONPointer, check: (Amount) -> String?) -> Amount? {
        guard case .number(let number) = value else {
            report(pointer, "expected a number, found \(value.typeName)")
            return nil
        }
        guard let decimal = number.amount else {
            report(pointer, "\(number.text) is out of range (at most 38 digits and 38 decimals)")
            return nil
        }
        if let reason = check(decimal) {
            report(pointer, "\(reason), found \(number.text)")
            return nil
        }
        return decimal
    }

    /// A probability: a number from 0 to 1.
    mutating func probability(_ value: JSONValue, at pointer: JSONPointer) -> Amount? {
        decimal(value, at: pointer) { $0 >= .zero && $0 <= 1 ? nil : "expected a probability from 0 to 1 (0.02 is 2 %)" }
    }

    /// A non-empty array of distinct strings, each checked by `element` (which reports its own problems
    /// and returns nil to drop the element).
    mutating func stringArray<T: Hashable>(_ value: JSONValue, at pointer: JSONPointer, maxCount: Int = 1000,
                                           element: (inout RuleSetDecoder, String, JSONPointer) -> T?) -> [T]? {
        guard case .array(let elements) = value else {
            report(pointer, "expected an array, found \(value.typeName)")
            return nil
        }
        guard !elements.isEmpty, elements.count <= maxCount else {
            report(pointer, elements.isEmpty ? "expected at least one element (leave the field out instead)" : "expected at most \(maxCount) elements, found \(elements.count)")
            return nil
        }
        var result: [T] = []
        var seen: [T: Int] = [:]
        var allValid = true
        for (index, item) in elements.enumerated() {
            let itemPointer = pointer.appending(index)
            guard let text = string(item, at: itemPointer, maxLength: 64), let parsed = element(&self, text, itemPointer) else {
                allValid = false
                continue
            }
            if let first = seen[parsed] {
                report(itemPointer, "\"\(text)\" is already listed at index \(first)")
                allValid = false
                continue
            }
            seen[parsed] = index
            result.append(parsed)
        }
        return allValid ? result : nil
    }

    /// One of an enumeration's raw values.
    mutating func enumeration<E: RawRepresentable & CaseIterable>(_ text: String, at pointer: JSONPointer) -> E? where E.RawValue == String {
        guard let value = E(rawValue: text) else {
            report(pointer, "expected one of \(E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), found \"\(text)\"")
            return nil
        }
        return value
    }

    /// An identifier for rules and watch lists: a letter or digit, then letters, digits, `.`, `_` or
    /// `-`, at most 64 in all, so it is safe in URLs, logs and metric labels.
    mutating func identifier(_ value: JSONValue, at pointer: JSONPointer) -> String? {
        guard let text = string(value, at: pointer, maxLength: 64) else { return nil }
        guard Self.isIdentifier(text) else {
            report(pointer, "an identifier is 1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit; found \"\(text)\"")
            return nil
        }
        return text
    }

    static func isIdentifier(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        func alphanumeric(_ byte: UInt8) -> Bool {
            byte &- UInt8(ascii: "0") < 10 || (byte | 0x20) &- UInt8(ascii: "a") < 26
        }
        guard (1...64).contains(utf8.count), alphanumeric(utf8[0]) else { return false }
        return utf8.allSatisfy { alphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// An HS prefix: 2 to 10 digits of an existing chapter.
    static func hsPrefixProblem(_ text: String) -> String? {
        let utf8 = Array(text.utf8)
        guard (2...10).contains(utf8.count), utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else {
            return "an HS prefix is 2 to 10 digits with no dots (08, 0810, 081060), found \"\(text)\""
        }
        let chapter = Int(utf8[0] - UInt8(ascii: "0")) * 10 + Int(utf8[1] - UInt8(ascii: "0"))
        guard (1...97).contains(chapter), chapter != 77 else {
            return "HS chapter \(text.prefix(2)) does not exist (chapters are 01–97, and 77 is reserved)"
        }
        return nil
    }
}
