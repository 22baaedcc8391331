// The typed field readers every section uses. Each reports its own problems and returns nil on any.

extension DeclarationDecoder {
    /// An object with exactly the known `fields` (unknown ones are reported one by one).
    mutating func object(_ value: JSONValue, at pointer: JSONPointer, fields: [String]) -> JSONObject? {
        guard case .object(let object) = value else {
            report(pointer, .typeMismatch, "expected an object, got \(value.typeName)")
            return nil
        }
        for key in object.keys where !fields.contains(where: { $0.isSameKey(key) }) {
            report(pointer.appending(key), .unknownField, "\"\(key)\" is not a field here; the fields are \(fields.joined(separator: ", "))")
        }
        return object
    }

    /// Whether `key` has a non-null value.
    func isPresent(_ object: JSONObject, _ key: String) -> Bool {
        switch object[key] {
        case nil, .null?: false
        default: true
        }
    }

    /// A member; absent and `null` are the same. Reports `required` when it must be there.
    mutating func value(_ object: JSONObject, _ key: String, at pointer: JSONPointer, required: Bool = true) -> JSONValue? {
        switch object[key] {
        case nil, .null?:
            if required { report(pointer.appending(key), .required, "\(key) is required") }
            return nil
        case let value?:
            return value
        }
    }

    /// A nested object member with exactly `fields`.
    mutating func object(_ object: JSONObject, _ key: String, at pointer: JSONPointer, fields: [String], required: Bool = true) -> JSONObject? {
        guard let value = value(object, key, at: pointer, required: required) else { return nil }
        return self.object(value, at: pointer.appending(key), fields: fields)
    }

    /// A string, normalised by `TextRules`, non-empty and at most `maxLength` Unicode scalars.
    mutating func string(_ object: JSONObject, _ key: String, at pointer: JSONPointer, maxLength: Int, required: Bool = true) -> String? {
        guard let value = value(object, key, at: pointer, required: required) else { return nil }
        return string(value, at: pointer.appending(key), name: key, maxLength: maxLength, required: required)
    }

    mutating func string(_ value: JSONValue, at pointer: JSONPointer, name: String, maxLength: Int, required: Bool = true) -> String? {
        guard case .string(let raw) = value else {
            report(pointer, .typeMismatch, "expected a string, got \(value.typeName)")
            return nil
        }
        let text: String
        let length: Int
        if TextRules.isPlainASCII(raw) {
            // Already NFC and trimmed, nothing forbidden, a scalar a byte: one pass decided it.
            (text, length) = (raw, raw.utf8.count)
        } else {
            text = TextRules.normalise(raw)
            if text.isEmpty {
                if required {
                    report(pointer, .required, "\(name) must not be empty")
                } else {
                    report(pointer, .textInvalid, "\(name) is empty; leave it out (or null) when there is nothing to declare")
                }
                return nil
            }
            if let scalar = TextRules.firstForbidden(in: text) {
                report(pointer, .textInvalid, "\(name) contains the invisible or control character \(TextRules.describe(scalar)); line breaks, tabs and direction overrides are not allowed")
                return nil
            }
            length = TextRules.length(text)
        }
        if length > maxLength {
            report(pointer, .tooLong, "\(name) is at most \(maxLength) characters (Unicode scalars); this one has \(length)")
            return nil
        }
        return text
    }

    mutating func number(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> JSONNumber? {
        guard let value = value(object, key, at: pointer) else { return nil }
        guard case .number(let number) = value else {
            report(pointer.appending(key), .typeMismatch, "expected a number, got \(value.typeName)\(value.isNumericString ? " (write numbers without quotes)" : "")")
            return nil
        }
        return number
    }

    mutating func bool(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> Bool? {
        guard let value = value(object, key, at: pointer) else { return nil }
        guard case .bool(let flag) = value else {
            report(pointer.appending(key), .typeMismatch, "expected true or false, got \(value.typeName)")
            return nil
        }
        return flag
    }

    mutating func date(_ object: JSONObject, _ key: String, at pointer: JSONPointer, required: Bool = true) -> CalendarDate? {
        guard let text = string(object, key, at: pointer, maxLength: 64, required: required) else { return nil }
        guard let date = CalendarDate(iso8601: text) else {
            report(pointer.appending(key), .dateInvalid, "expected a real calendar date written YYYY-MM-DD, e.g. 2026-11-23; got \"\(text)\"")
            return nil
        }
        return date
    }

    /// A string from a closed set.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(_ object: JSONObject, _ key: String, at pointer: JSONPointer, as: Choice.Type) -> Choice? where Choice.RawValue == String {
        guard let value = value(object, key, at: pointer) else { return nil }
        return choice(value, at: pointer.appending(key), name: key, as: Choice.self)
    }

    mutating func choice<Choice: RawRepresentable & CaseIterable>(_ value: JSONValue, at pointer: JSONPointer, name: String, as: Choice.Type) -> Choice? where Choice.RawValue == String {
        guard let text = string(value, at: pointer, name: name, maxLength: 64) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            report(pointer, .valueNotAllowed, "\(name) is one of \(allowed); got \"\(text)\"")
            return nil
        }
        return choice
    }

    mutating func array(_ object: JSONObject, _ key: String, at pointer: JSONPointer, required: Bool = true) -> [JSONValue]? {
        guard let value = value(object, key, at: pointer, required: required) else { return nil }
        guard case .array(let elements) = value else {
            report(pointer.appending(key), .typeMismatch, "expected an array, got \(value.typeName)")
            return nil
        }
        return elements
    }

    /// An ISO 3166-1 alpha-2 code.
    mutating func country(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> String? {
        guard let code = string(object, key, at: pointer, maxLength: 64) else { return nil }
        guard CountryCodes.assigned.contains(code) else {
            report(pointer.appending(key), .countryInvalid, "\(key) is an ISO 3166-1 alpha-2 country code in capitals, e.g. VN or CN; got \"\(code)\"")
            return nil
        }
        return code
    }

    /// `VN` or `CN`: the countries whose formats (plates, tax codes) the intake knows.
    mutating func borderCountry(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> String? {
        guard let code = country(object, key, at: pointer) else { return nil }
        guard code == "VN" || code == "CN" else {
            report(pointer.appending(key), .valueNotAllowed, "\(key) is VN or CN at this crossing; got \(code)")
            return nil
        }
        return code
    }
}

extension JSONValue {
    var isNumericString: Bool {
        if case .string(let text) = self { return JSONNumber(text.trimmingSpaces) != nil }
        return false
    }
}

private extension String {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return String(slice)
    }
}
