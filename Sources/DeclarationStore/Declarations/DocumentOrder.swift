import Customs

/// jsonb keeps an object's keys sorted by length, not as written. Read back, a document is put in
/// the order `Declaration.jsonValue()` writes, so GET answers read like the POST answer did.
/// One list serves every object of the document: it is ordered so that each object's own
/// members (trader, vehicle, goods line, certificate…) come out in their documented order.
public enum DocumentOrder {
    static let keys = [
        "direction", "crossing", "plannedCrossingOn", "trader", "vehicle", "driver", "remoteOperator", "goods", "quarantine",
        "taxCode", "fullName", "name", "organisation", "licenceNumber", "phone", "email", "nationality", "birthDate",
        "document", "licence", "plate", "plateCountry", "trailerPlate", "type", "kind", "containers", "number", "seal",
        "class", "issuer", "country", "issuedOn", "expiresOn", "goodsLines", "hsCode", "description", "quantity", "unit",
        "grossKg", "netKg", "value", "currency", "origin", "driverHealth", "certificates", "declaredOn", "fever", "symptoms",
    ]
    static let rank: [String: Int] = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })

    public static func restore(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let elements):
            return .array(elements.map(restore))
        case .object(let object):
            var ordered = JSONObject()
            let members = object.members.enumerated().sorted { a, b in
                let ra = rank[a.element.key] ?? Int.max, rb = rank[b.element.key] ?? Int.max
                return ra != rb ? ra < rb : a.offset < b.offset
            }
            for (_, member) in members { ordered[member.key] = restore(member.value) }
            return .object(ordered)
        default:
            return value
        }
    }
}
