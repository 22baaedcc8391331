import Customs
import Foundation
import PostgresClient

extension LaneStore {
    /// Per rule: how often it fired, how many of those declarations were inspected, how many
    /// inspections found something, and the hit rate. Rules of the ruleset in force that never
    /// fired are listed too (with zeros), and rules no longer in it are marked retired, so a rule
    /// that never finds anything is plain to see.
    public func ruleStatistics(current: RuleSet?) throws(LaneStoreError) -> [JSONValue] {
        let rows = try run {
            try pool.query("""
                SELECT h.rule_id, count(*) AS fired, count(i.declaration_id) AS inspected,
                       count(*) FILTER (WHERE i.found) AS found, max(h.ruleset_version) AS last_version
                  FROM rule_hits h
                  LEFT JOIN LATERAL (
                      SELECT declaration_id, bool_or(result IN ('discrepancy', 'seized')) AS found
                        FROM inspections WHERE declaration_id = h.declaration_id AND version = h.version
                       GROUP BY declaration_id
                  ) i ON true
                 GROUP BY h.rule_id
                """).map { row in
                    (id: try row.decode(String.self, column: "rule_id"), fired: try row.decode(Int.self, column: "fired"),
                     inspected: try row.decode(Int.self, column: "inspected"), found: try row.decode(Int.self, column: "found"))
                }
        }
        var byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        var out: [JSONValue] = []
        func entry(_ id: String, _ fired: Int, _ inspected: Int, _ found: Int, inForce: Bool, reason: String?) -> JSONValue {
            var object: JSONObject = [
                "ruleId": .string(id),
                "inForce": .bool(inForce),
                "fired": .number(JSONNumber(fired)),
                "inspected": .number(JSONNumber(inspected)),
                "found": .number(JSONNumber(found)),
            ]
            // found / inspected: how often checking what this rule selects pays off.
            object["hitRate"] = inspected > 0 ? .number(JSONNumber(String(format: "%.4f", Double(found) / Double(inspected)))!) : .null
            if let reason { object["reason"] = .string(reason) }
            return .object(object)
        }
        for rule in current?.rules ?? [] {
            let s = byID.removeValue(forKey: rule.id)
            out.append(entry(rule.id, s?.fired ?? 0, s?.inspected ?? 0, s?.found ?? 0, inForce: true, reason: rule.reason))
        }
        for s in byID.values.sorted(by: { $0.id < $1.id }) {
            out.append(entry(s.id, s.fired, s.inspected, s.found, inForce: false, reason: nil))
        }
        return out
    }

    /// Lane shares and the median time from submission to release, per day at the crossing
    /// (Vietnam's date of submission) and crossing, for declarations submitted in [from, to).
    public func laneStatistics(from: CalendarDate, to: CalendarDate) throws(LaneStoreError) -> [JSONValue] {
        try run {
            try pool.query("""
                SELECT (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::text AS day, crossing, count(*) AS total,
                       count(*) FILTER (WHERE lane = 'green') AS green, count(*) FILTER (WHERE lane = 'yellow') AS yellow,
                       count(*) FILTER (WHERE lane = 'red') AS red, count(released_at) AS released,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM released_at - created_at))
                           FILTER (WHERE released_at IS NOT NULL) AS median_seconds
                  FROM declarations
                 WHERE lane IS NOT NULL
                   AND (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= \(from.description)::date
                   AND (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date < \(to.description)::date
                 GROUP BY 1, 2 ORDER BY 1, 2
                """).map { row -> JSONValue in
                    let total = try row.decode(Int.self, column: "total")
                    func share(_ column: String) throws -> JSONValue {
                        let n = try row.decode(Int.self, column: column)
                        return ["count": .number(JSONNumber(n)), "share": .number(JSONNumber(String(format: "%.4f", Double(n) / Double(max(total, 1))))!)]
                    }
                    let median = try row.decode(Double?.self, column: "median_seconds")
                    return [
                        "day": .string(try row.decode(String.self, column: "day")),
                        "crossing": .string(try row.decode(String.self, column: "crossing")),
                        "declarations": .number(JSONNumber(total)),
                        "green": try share("green"), "yellow": try share("yellow"), "red": try share("red"),
                        "released": .number(JSONNumber(try row.decode(Int.self, column: "released"))),
                        "medianSecondsToRelease": median.map { .number(JSONNumber(String(format: "%.3f", $0))!) } ?? .null,
                    ]
                }
        }
    }
}
