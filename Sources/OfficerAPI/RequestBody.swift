import Foundation
import CarrierAPI
import Customs
import HTTPServer

/// Officers' request bodies: small JSON objects, read strictly. Unknown or missing fields, wrong
/// types and out-of-range values are 422 naming the field (`pointer`); not JSON is 400.
enum RequestBody {
    static func object(_ request: HTTPRequest, required: [String], optional: [String] = []) throws(HTTPError) -> JSONObject {
        try DeclarationHandlers.requireJSON(request)
        let value: JSONValue
        do {
            value = try JSONParser.parse(request.body, limits: JSONLimits(maxBytes: 64 * 1024, maxDepth: 8))
        } catch {
            throw HTTPError(.badRequest, code: "malformed_json", detail: error.description)
        }
        guard case .object(let object) = value else {
            throw OfficerProblems.invalidField("", code: "invalid_body", "The body must be a JSON object.")
        }
        for key in object.keys where !(required + optional).contains(key) {
            throw OfficerProblems.invalidField("/" + key, code: "unknown_field",
                                               "Unknown field \"\(key)\"; the fields are \((required + optional).joined(separator: ", ")).")
        }
        for key in required where object[key] == nil {
            throw OfficerProblems.invalidField("/" + key, code: "required", "The field \"\(key)\" is required.")
        }
        return object
    }

    /// One of an enumeration's raw values.
    static func choice<E: RawRepresentable & CaseIterable>(_ object: JSONObject, _ key: String) throws(HTTPError) -> E where E.RawValue == String {
        guard case .string(let text)? = object[key], let value = E(rawValue: text) else {
            throw OfficerProblems.invalidField("/" + key, code: "invalid_\(key.snakeCased)",
                                               "\(key) must be one of \(E.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return value
    }

    /// Text without control characters other than line breaks, stored in NFC, trimmed.
    static func text(_ object: JSONObject, _ key: String, required: Bool, minLength: Int, maxLength: Int,
                     missingDetail: String) throws(HTTPError) -> String? {
        guard let value = object[key] else {
            if required { throw OfficerProblems.invalidField("/" + key, code: "\(key.snakeCased)_required", missingDetail) }
            return nil
        }
        guard case .string(let raw) = value else {
            throw OfficerProblems.invalidField("/" + key, code: "invalid_\(key.snakeCased)", "\(key) must be a string.")
        }
        let text = raw.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" }) {
            throw OfficerProblems.invalidField("/" + key, code: "invalid_\(key.snakeCased)", "\(key) must not contain control characters.")
        }
        // Code points, as PostgreSQL's char_length counts them in the CHECKs.
        let length = text.unicodeScalars.count
        if length < minLength {
            throw OfficerProblems.invalidField("/" + key, code: "\(key.snakeCased)_required", missingDetail)
        }
        if length > maxLength {
            throw OfficerProblems.invalidField("/" + key, code: "\(key.snakeCased)_too_long", "\(key) is limited to \(maxLength) characters.")
        }
        return text
    }
}

extension String {
    /// `reasonCode` → `reason_code`, for error codes.
    var snakeCased: String {
        var out = ""
        for character in self {
            if character.isUppercase { out += "_" + character.lowercased() } else { out.append(character) }
        }
        return out
    }
}
