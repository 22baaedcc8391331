import Customs
import Foundation

/// The brief's example declaration, made valid (a tax code with a correct check digit), and tools to
/// change one field and look at what the intake says.
enum Fixtures {
    /// The date at the crossing when the example is submitted: the health declaration is dated today.
    static let today = CalendarDate(year: 2026, month: 11, day: 22)!

    static let exampleText = """
    {
      "direction": "export",
      "crossing": "HUU_NGHI",
      "plannedCrossingOn": "2026-11-23",
      "trader": {"taxCode": "4900567896", "name": "Công ty TNHH Xuất nhập khẩu Lạng Sơn", "country": "VN"},
      "vehicle": {"plate": "12C-123.45", "plateCountry": "VN", "trailerPlate": "12R-012.34", "kind": "tractor_trailer",
                  "containers": [{"number": "MSCU1234566", "seal": "VN123456"}]},
      "driver": {"fullName": "Nguyễn Văn An", "nationality": "VN", "birthDate": "1985-04-12",
                 "document": {"type": "passport", "number": "C1234567", "expiresOn": "2031-05-01"},
                 "licence": {"number": "120123456789", "class": "FC", "expiresOn": "2029-01-01"}},
      "goods": [{"hsCode": "08109010", "description": "Sầu riêng tươi", "quantity": 18000, "unit": "KGM",
                 "grossKg": 19500, "netKg": 18000, "value": 54000, "currency": "USD", "origin": "VN"}],
      "quarantine": {"driverHealth": {"declaredOn": "2026-11-22", "fever": false, "symptoms": []},
                     "certificates": [{"kind": "phytosanitary", "number": "PC-2026-0001", "issuer": "Plant Protection Department",
                                       "country": "VN", "issuedOn": "2026-11-20", "expiresOn": "2026-12-20", "goodsLines": [0]}]}
    }
    """

    static var example: JSONValue {
        try! JSONParser.parse(exampleText)
    }

    /// An unmanned truck from the same carrier: no driver, no health declaration, a remote operator.
    static var unmanned: JSONValue {
        example
            .setting("/vehicle/kind", to: "unmanned_truck")
            .setting("/driver", to: nil)
            .setting("/quarantine/driverHealth", to: nil)
            .setting("/remoteOperator", to: [
                "name": "Trần Thị Bình", "organisation": "Lạng Sơn Smart Logistics JSC",
                "licenceNumber": "RO-2026/0042", "phone": "+84912345678",
            ])
    }

    /// A Chinese tractor-trailer with a Chinese driver bringing electronic components in.
    static var chineseImport: JSONValue {
        example
            .setting("/direction", to: "import")
            .setting("/trader", to: ["taxCode": "914403001922038216", "name": "华为技术有限公司", "country": "CN"])
            .setting("/vehicle/plate", to: "桂F12345")
            .setting("/vehicle/plateCountry", to: "CN")
            .setting("/vehicle/trailerPlate", to: "桂F1234挂")
            .setting("/vehicle/containers", to: [["number": "CSQU3054383"]])
            .setting("/driver", to: [
                "fullName": "王伟", "nationality": "CN", "birthDate": "1949-12-31",
                "document": ["type": "resident_id", "number": "11010519491231002X"],
                "licence": ["number": "11010519491231002X", "class": "A2", "expiresOn": "2030-06-30"],
            ])
            .setting("/goods/0", to: [
                "hsCode": "8542310000", "description": "集成电路 integrated circuits", "quantity": 120000, "unit": "H87",
                "grossKg": .number(JSONNumber("850.5")!), "netKg": .number(JSONNumber("800.25")!), "value": .number(JSONNumber("1250000.5")!), "currency": "CNY", "origin": "CN",
            ])
            .setting("/quarantine/certificates", to: [])
    }

    static func decode(_ document: JSONValue, today: CalendarDate = today, limits: IntakeLimits = .init()) -> Result<Declaration, IntakeFailure> {
        DeclarationIntake.decode(document.serialized(), today: today, limits: limits)
    }

    /// The problems the intake reports, or [] when it accepts the document.
    static func problems(_ document: JSONValue, today: CalendarDate = today, limits: IntakeLimits = .init()) -> [ValidationProblem] {
        switch decode(document, today: today, limits: limits) {
        case .success: return []
        case .failure(.invalid(let problems)): return problems
        case .failure(.malformedJSON(let error)): return [ValidationProblem(pointer: "", code: "malformed", detail: error.description)]
        }
    }

    /// `(pointer, code)` pairs, the part of a problem tests usually compare.
    static func codes(_ document: JSONValue, today: CalendarDate = today) -> [String] {
        problems(document, today: today).map { "\($0.pointer) \($0.code)" }
    }

    static func accepted(_ document: JSONValue, today: CalendarDate = today) -> Declaration? {
        try? decode(document, today: today).get()
    }
}

extension JSONValue {
    /// A copy with the value at an RFC 6901 pointer replaced, added (objects, or "-" for an array's
    /// end) or, with nil, removed.
    func setting(_ pointer: String, to newValue: JSONValue?) -> JSONValue {
        let tokens = pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
        return replacing(tokens[...], with: newValue)
    }

    private func replacing(_ tokens: ArraySlice<String>, with newValue: JSONValue?) -> JSONValue {
        guard let token = tokens.first else { return newValue ?? .null }
        let rest = tokens.dropFirst()
        switch self {
        case .object(var object):
            if rest.isEmpty {
                object[token] = newValue
            } else {
                object[token] = (object[token] ?? .object(JSONObject())).replacing(rest, with: newValue)
            }
            return .object(object)
        case .array(var elements):
            if token == "-" {
                if let newValue { elements.append(newValue) }
            } else if let index = Int(token), elements.indices.contains(index) {
                if rest.isEmpty {
                    if let newValue { elements[index] = newValue } else { elements.remove(at: index) }
                } else {
                    elements[index] = elements[index].replacing(rest, with: newValue)
                }
            }
            return .array(elements)
        default:
            return self
        }
    }

    /// The value at an RFC 6901 pointer.
    func at(_ pointer: String) -> JSONValue? {
        var current: JSONValue? = self
        for token in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            switch current {
            case .object(let object)?: current = object[String(token)]
            case .array(let elements)?: current = Int(token).flatMap { elements.indices.contains($0) ? elements[$0] : nil }
            default: return nil
            }
        }
        return current
    }
}
