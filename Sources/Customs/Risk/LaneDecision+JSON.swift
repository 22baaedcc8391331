import Foundation

// The stored and served form of a decision (Docs/risk.md, "The decision"). The seed is 16 hex
// digits in a string: JSON numbers are doubles to most readers and would lose its low bits.

extension LaneDecision {
    public func jsonValue() -> JSONValue {
        // Swift's description of a Double is the shortest text that reads back as the same value,
        // and its forms (`0.02`, `1e-05`) are JSON numbers: a replayed draw compares equal.
        var random: JSONObject = [
            "draw": .number(JSONNumber("\(randomSelection.draw)")!),
            "toYellow": .number(JSONNumber("\(randomSelection.toYellow)")!),
            "toRed": .number(JSONNumber("\(randomSelection.toRed)")!),
        ]
        random["escalatedTo"] = randomSelection.escalatedTo.map { .string($0.rawValue) } ?? .null
        return [
            "lane": .string(lane.rawValue),
            "ruleLane": .string(ruleLane.rawValue),
            "score": .number(JSONNumber(score)),
            "firedRules": .array(firedRules.map { $0.jsonValue() }),
            "randomSelection": .object(random),
            "rulesetVersion": .string(rulesetVersion),
            "seed": .string(Self.hex(seed)),
            "decidedAt": .string(decidedAt.description),
            "trader": [
                "authorisedOperator": .bool(trader.isAuthorisedOperator),
                "complianceLevel": .number(JSONNumber(trader.complianceLevel.rawValue)),
                "findings": .number(JSONNumber(trader.findingsCount)),
            ],
        ]
    }

    /// Reads back what `jsonValue()` wrote (a stored decision). Nil for anything else.
    public init?(json value: JSONValue) {
        guard case .object(let o) = value,
              case .string(let laneText)? = o["lane"], let lane = Lane(rawValue: laneText),
              case .string(let ruleLaneText)? = o["ruleLane"], let ruleLane = Lane(rawValue: ruleLaneText),
              case .number(let scoreNumber)? = o["score"], let score = scoreNumber.integer,
              case .array(let fired)? = o["firedRules"],
              case .object(let random)? = o["randomSelection"],
              case .number(let draw)? = random["draw"], let drawValue = draw.double,
              case .number(let toYellow)? = random["toYellow"], let toYellowValue = toYellow.double,
              case .number(let toRed)? = random["toRed"], let toRedValue = toRed.double,
              case .string(let version)? = o["rulesetVersion"],
              case .string(let seedText)? = o["seed"], let seed = UInt64(seedText, radix: 16),
              case .string(let decidedText)? = o["decidedAt"], let decidedAt = UTCTimestamp(rfc3339: decidedText),
              case .object(let trader)? = o["trader"],
              case .bool(let aeo)? = trader["authorisedOperator"],
              case .number(let levelNumber)? = trader["complianceLevel"], let level = levelNumber.integer.flatMap(ComplianceLevel.init(rawValue:)),
              case .number(let findings)? = trader["findings"], let findingsCount = findings.integer
        else { return nil }
        var escalated: Lane?
        if case .string(let text)? = random["escalatedTo"] { escalated = Lane(rawValue: text) }
        let rules = fired.compactMap(FiredRule.init(json:))
        guard rules.count == fired.count else { return nil }
        self.init(lane: lane, ruleLane: ruleLane, score: score, firedRules: rules,
                  randomSelection: RandomSelection(draw: drawValue, toYellow: toYellowValue, toRed: toRedValue, escalatedTo: escalated),
                  rulesetVersion: version, seed: seed, decidedAt: decidedAt,
                  trader: TraderProfile(isAuthorisedOperator: aeo, complianceLevel: level, findingsCount: findingsCount))
    }

    /// The seed as stored: 16 lowercase hex digits.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

}

extension FiredRule {
    public func jsonValue() -> JSONValue {
        var object: JSONObject = ["ruleId": .string(ruleID)]
        switch outcome {
        case .lane(let lane): object["lane"] = .string(lane.rawValue)
        case .score(let score): object["score"] = .number(JSONNumber(score))
        }
        object["reason"] = .string(reason)
        object["task"] = .string(task)
        if let goodsLine { object["goodsLine"] = .number(JSONNumber(goodsLine)) }
        if let detail { object["detail"] = .string(detail) }
        return .object(object)
    }

    init?(json value: JSONValue) {
        guard case .object(let o) = value, case .string(let id)? = o["ruleId"],
              case .string(let reason)? = o["reason"], case .string(let task)? = o["task"] else { return nil }
        let outcome: RuleOutcome
        if case .string(let text)? = o["lane"], let lane = Lane(rawValue: text) {
            outcome = .lane(lane)
        } else if case .number(let n)? = o["score"], let score = n.integer {
            outcome = .score(score)
        } else {
            return nil
        }
        var line: Int?
        if case .number(let n)? = o["goodsLine"] { line = n.integer }
        var detail: String?
        if case .string(let text)? = o["detail"] { detail = text }
        self.init(ruleID: id, outcome: outcome, reason: reason, task: task, goodsLine: line, detail: detail)
    }
}
