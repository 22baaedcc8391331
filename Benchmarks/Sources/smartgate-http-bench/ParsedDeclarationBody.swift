import struct Customs.JSONParser
import enum Customs.JSONValue
import struct Customs.JSONObject
import DeclarationBody
import HTTPServer

// The POST body built from SmartGate's own JSON parser (Customs.JSONParser, the one the daemon's
// declaration intake uses) instead of Foundation's JSONDecoder. It accepts and refuses what the
// Decodable conformance does: required members must be there with the right JSON type, optional
// ones may be missing or null, unknown members are ignored, numbers become Doubles.

/// Why a parsed document is not a `DeclarationBody`: the member's path and what was wrong.
struct BodyShapeError: Error {
    var path: String
    var problem: String
}

extension DeclarationBody {
    init(parsing body: [UInt8]) throws(HTTPError) {
        let document: JSONValue
        do {
            document = try JSONParser.parse(body)
        } catch {
            throw HTTPError(.badRequest, code: "invalid_json", detail: "The request body is not valid JSON: \(error)")
        }
        do {
            self = try DeclarationBody(document, at: "")
        } catch {
            throw HTTPError(.badRequest, code: "invalid_json",
                            detail: "The request body is not valid JSON for this resource: \(error.path) \(error.problem)")
        }
    }

    init(_ value: JSONValue, at path: String) throws(BodyShapeError) {
        let object = try Shape.object(value, at: path)
        self.init(
            direction: try Shape.string(object, "direction", at: path),
            crossing: try Shape.string(object, "crossing", at: path),
            plannedCrossingOn: try Shape.string(object, "plannedCrossingOn", at: path),
            trader: try Party(Shape.member(object, "trader", at: path), at: path + "/trader"),
            vehicle: try Vehicle(Shape.member(object, "vehicle", at: path), at: path + "/vehicle"),
            driver: try Shape.optionalMember(object, "driver").map { value throws(BodyShapeError) in try Driver(value, at: path + "/driver") },
            goods: try Shape.array(Shape.member(object, "goods", at: path), at: path + "/goods").enumerated().map {
                (index, line) throws(BodyShapeError) in try GoodsLine(line, at: "\(path)/goods/\(index)")
            })
    }
}

extension Party {
    init(_ value: JSONValue, at path: String) throws(BodyShapeError) {
        let object = try Shape.object(value, at: path)
        self.init(taxCode: try Shape.string(object, "taxCode", at: path), name: try Shape.string(object, "name", at: path),
                  country: try Shape.string(object, "country", at: path))
    }
}

extension Vehicle {
    init(_ value: JSONValue, at path: String) throws(BodyShapeError) {
        let object = try Shape.object(value, at: path)
        self.init(plate: try Shape.string(object, "plate", at: path), plateCountry: try Shape.string(object, "plateCountry", at: path),
                  trailerPlate: try Shape.optionalString(object, "trailerPlate", at: path), kind: try Shape.string(object, "kind", at: path))
    }
}

extension Driver {
    init(_ value: JSONValue, at path: String) throws(BodyShapeError) {
        let object = try Shape.object(value, at: path)
        self.init(fullName: try Shape.string(object, "fullName", at: path), nationality: try Shape.string(object, "nationality", at: path),
                  birthDate: try Shape.string(object, "birthDate", at: path))
    }
}

extension GoodsLine {
    init(_ value: JSONValue, at path: String) throws(BodyShapeError) {
        let object = try Shape.object(value, at: path)
        self.init(hsCode: try Shape.string(object, "hsCode", at: path), description: try Shape.string(object, "description", at: path),
                  quantity: try Shape.double(object, "quantity", at: path), unit: try Shape.string(object, "unit", at: path),
                  grossKg: try Shape.double(object, "grossKg", at: path), netKg: try Shape.double(object, "netKg", at: path),
                  value: try Shape.double(object, "value", at: path), currency: try Shape.string(object, "currency", at: path),
                  origin: try Shape.string(object, "origin", at: path))
    }
}

/// The member look-ups the initialisers share.
enum Shape {
    static func object(_ value: JSONValue, at path: String) throws(BodyShapeError) -> JSONObject {
        guard case .object(let object) = value else { throw BodyShapeError(path: path.isEmpty ? "/" : path, problem: "must be an object") }
        return object
    }

    static func array(_ value: JSONValue, at path: String) throws(BodyShapeError) -> [JSONValue] {
        guard case .array(let array) = value else { throw BodyShapeError(path: path, problem: "must be an array") }
        return array
    }

    static func member(_ object: JSONObject, _ key: String, at path: String) throws(BodyShapeError) -> JSONValue {
        guard let value = object[key], value != .null else { throw BodyShapeError(path: "\(path)/\(key)", problem: "is required") }
        return value
    }

    static func optionalMember(_ object: JSONObject, _ key: String) -> JSONValue? {
        guard let value = object[key], value != .null else { return nil }
        return value
    }

    static func string(_ object: JSONObject, _ key: String, at path: String) throws(BodyShapeError) -> String {
        guard case .string(let text) = try member(object, key, at: path) else {
            throw BodyShapeError(path: "\(path)/\(key)", problem: "must be a string")
        }
        return text
    }

    static func optionalString(_ object: JSONObject, _ key: String, at path: String) throws(BodyShapeError) -> String? {
        guard let value = optionalMember(object, key) else { return nil }
        guard case .string(let text) = value else { throw BodyShapeError(path: "\(path)/\(key)", problem: "must be a string") }
        return text
    }

    static func double(_ object: JSONObject, _ key: String, at path: String) throws(BodyShapeError) -> Double {
        guard case .number(let number) = try member(object, key, at: path), let double = number.double, double.isFinite else {
            throw BodyShapeError(path: "\(path)/\(key)", problem: "must be a number")
        }
        return double
    }
}
