import Customs
import DeclarationStore
import Foundation
import PostgresClient

/// The release feed partners pull (`GET /partner/v1/manifests`): released declarations in the
/// partner's agreed categories, in commit order (positions are assigned at COMMIT under a lock, see
/// Migrations/0004_exchange.sql), with only the personal data the partner's gate needs.
public struct ManifestFeed: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Up to `limit` manifests after position `after`, and the cursor to continue from (the last
    /// position returned, or `after` when there is nothing new).
    public func page(for partner: Partner, after: Int64, limit: Int) throws(ExchangeStoreError) -> (manifests: [JSONValue], next: Int64) {
        do {
            let rows = try pool.query("""
                SELECT f.position, f.version, rfc3339(f.released_at) AS released_at, d.id, v.document::text AS document
                  FROM manifest_feed f
                  JOIN declarations d ON d.id = f.declaration_id
                  JOIN declaration_versions v ON v.declaration_id = f.declaration_id AND v.version = f.version
                 WHERE f.position > \(after) AND d.carrier_id <> \(partner.carrierID)
                   -- A scalar subquery, not a bare EXISTS: PostgreSQL would turn EXISTS into a
                   -- semi-join and scan every goods line ever declared for each page (162 ms for
                   -- a page of 1,000 at 12,000 declarations, growing with the tables); this way
                   -- it walks the feed by position and checks each row's lines by index (16 ms).
                   AND (SELECT EXISTS (SELECT 1 FROM declaration_goods g, unnest(string_to_array(\(partner.hsPrefixes.joined(separator: ",")), ',')) AS prefix
                                        WHERE g.declaration_id = f.declaration_id AND g.version = f.version AND g.hs_code LIKE prefix || '%'))
                 ORDER BY f.position
                 LIMIT \(limit)
                """)
            var manifests: [JSONValue] = []
            var next = after
            for row in rows {
                let position = try row.decode(Int64.self, column: "position")
                let document = try JSONParser.parse(Array(try row.decode(String.self, column: "document").utf8), limits: JSONLimits(maxBytes: 8 << 20))
                manifests.append(Self.manifest(position: position, id: try row.decode(UUID.self, column: "id"),
                                               version: try row.decode(Int.self, column: "version"),
                                               releasedAt: try row.decode(String.self, column: "released_at"),
                                               document: DocumentOrder.restore(document), prefixes: partner.hsPrefixes))
                next = position
            }
            return (manifests, next)
        } catch {
            throw .database(error)
        }
    }

    /// What a partner is told about a released declaration: its manifest (Docs/exchange-protocol.md,
    /// "Manifests"), the feed's position and release time around the shared projection.
    static func manifest(position: Int64, id: UUID, version: Int, releasedAt: String, document: JSONValue, prefixes: [String]) -> JSONValue {
        var out: JSONObject = [
            "position": .number(JSONNumber(String(position))!),
            "declarationId": .string(id.uuidString.lowercased()),
            "version": .number(JSONNumber(version)),
            "releasedAt": .string(releasedAt),
        ]
        if case .object(let projected) = projection(document, prefixes: prefixes) {
            for member in projected.members { out[member.key] = member.value }
        }
        return .object(out)
    }

    /// The part of a declaration a partner may see, in pulls and pushes alike: the crossing,
    /// trader, vehicle and the goods lines in its categories; of the driver only name, nationality
    /// and document (no birth date, no licence, no health declaration); of a remote operator name and
    /// organisation (no contact details).
    public static func projection(_ document: JSONValue, prefixes: [String]) -> JSONValue {
        guard case .object(let d) = document else { return .null }
        var out = JSONObject()
        for key in ["direction", "crossing", "plannedCrossingOn", "trader", "vehicle"] { out[key] = d[key] ?? .null }
        if case .object(let driver)? = d["driver"] {
            var kept: JSONObject = ["fullName": driver["fullName"] ?? .null, "nationality": driver["nationality"] ?? .null]
            if case .object(let document)? = driver["document"] {
                kept["document"] = ["type": document["type"] ?? .null, "number": document["number"] ?? .null]
            }
            out["driver"] = .object(kept)
        } else {
            out["driver"] = .null
        }
        if case .object(let remote)? = d["remoteOperator"] {
            out["remoteOperator"] = ["name": remote["name"] ?? .null, "organisation": remote["organisation"] ?? .null]
        }
        if case .array(let goods)? = d["goods"] {
            out["goods"] = .array(goods.enumerated().compactMap { index, line in
                guard case .object(var object) = line, case .string(let hs)? = object["hsCode"],
                      prefixes.contains(where: { hs.hasPrefix($0) }) else { return nil }
                object["line"] = .number(JSONNumber(index))
                return .object(object)
            })
        }
        return .object(out)
    }
}
