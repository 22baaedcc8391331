import Foundation

// The `rules` array of a ruleset document (Docs/risk.md, "Rules").

/// What a rule may refer to, decoded before the rules.
struct RuleContext {
    var watchLists: [String: WatchList]?
    var hasValueReferences: Bool
}

extension RuleSetDecoder {
    static let ruleFields = ["id", "when", "then", "reason", "task", "validFrom", "validUntil"]
    static let conditionFields = [
        "directions", "crossings", "traderList", "authorisedOperator", "complianceLevelAtLeast", "findingsAtLeast",
        "plateList", "containerList", "driverDocumentList", "unmannedVehicle", "driverHealthReferral",
        "hsPrefixes", "origins", "quarantineCertificate", "valuePerKgBelowReference",
    ]

    mutating func decodeRules(_ value: JSONValue, at pointer: JSONPointer, context: RuleContext) -> [RiskRule]? {
        guard case .array(let elements) = value else {
            report(pointer, "expected an array of rules, found \(value.typeName)")
            return nil
        }
        guard elements.count <= Self.maxRules else {
            report(pointer, "at most \(Self.maxRules) rules, found \(elements.count)")
            return nil
        }
        var rules: [RiskRule] = []
        var seen: [String: Int] = [:]
        var valid = true
        for (index, element) in elements.enumerated() {
            let rulePointer = pointer.appending(index)
            guard let rule = decodeRule(element, at: rulePointer, context: context) else {
                valid = false
                continue
            }
            if let first = seen[rule.id] {
                report(rulePointer.appending("id"), "rule id \"\(rule.id)\" is already used by rule \(first)")
                valid = false
                continue
            }
            seen[rule.id] = index
            rules.append(rule)
        }
        return valid ? rules : nil
    }

    private mutating func decodeRule(_ value: JSONValue, at pointer: JSONPointer, context: RuleContext) -> RiskRule? {
        guard let object = object(value, at: pointer, required: ["id", "when", "then", "reason", "task"],
                                  optional: ["validFrom", "validUntil"]) else { return nil }
        let id = object["id"].flatMap { identifier($0, at: pointer.appending("id")) }
        let condition = object["when"].flatMap { decodeCondition($0, at: pointer.appending("when"), context: context) }
        let outcome = object["then"].flatMap { decodeOutcome($0, at: pointer.appending("then")) }
        let reason = object["reason"].flatMap { string($0, at: pointer.appending("reason")) }
        let task = object["task"].flatMap { string($0, at: pointer.appending("task")) }
        let from = object["validFrom"].map { timestamp($0, at: pointer.appending("validFrom")) }
        let until = object["validUntil"].map { timestamp($0, at: pointer.appending("validUntil")) }
        guard let id, let condition, let outcome, let reason, let task, from != .some(nil), until != .some(nil) else { return nil }
        if let from = from ?? nil, let until = until ?? nil, until <= from {
            report(pointer.appending("validUntil"), "validUntil (\(until)) must be later than validFrom (\(from))")
            return nil
        }
        return RiskRule(id: id, condition: condition, outcome: outcome, reason: reason, task: task,
                        validity: ValidityWindow(from: from ?? nil, until: until ?? nil))
    }

    private mutating func timestamp(_ value: JSONValue, at pointer: JSONPointer) -> UTCTimestamp? {
        guard let text = string(value, at: pointer, maxLength: 64) else { return nil }
        guard let instant = UTCTimestamp(rfc3339: text) else {
            report(pointer, "expected an RFC 3339 time with an offset (2026-12-01T00:00:00+07:00), found \"\(text)\"")
            return nil
        }
        return instant
    }

    private mutating func decodeOutcome(_ value: JSONValue, at pointer: JSONPointer) -> RuleOutcome? {
        guard case .object(let object) = value else {
            report(pointer, "expected {\"lane\": \"yellow\"} or {\"score\": 30}, found \(value.typeName)")
            return nil
        }
        guard object.count == 1, let member = object.members.first, member.key == "lane" || member.key == "score" else {
            report(pointer, "give exactly one of \"lane\" (green, yellow or red) or \"score\" (an integer)")
            return nil
        }
        let memberPointer = pointer.appending(member.key)
        if member.key == "lane" {
            guard let text = string(member.value, at: memberPointer, maxLength: 16) else { return nil }
            let lane: Lane? = enumeration(text, at: memberPointer)
            return lane.map(RuleOutcome.lane)
        }
        guard let score = integer(member.value, at: memberPointer, in: -1_000_000...1_000_000) else { return nil }
        guard score != 0 else {
            report(memberPointer, "a score of 0 changes nothing; give a positive or negative contribution")
            return nil
        }
        return .score(score)
    }

    private mutating func decodeCondition(_ value: JSONValue, at pointer: JSONPointer, context: RuleContext) -> RuleCondition? {
        guard let object = object(value, at: pointer, required: [], optional: Self.conditionFields) else { return nil }
        var condition = RuleCondition()
        var valid = true
        func fail() { valid = false }

        if let v = object["directions"] {
            let p = pointer.appending("directions")
            if let list = stringArray(v, at: p, element: { (d: inout RuleSetDecoder, text: String, ip: JSONPointer) -> Direction? in d.enumeration(text, at: ip) }) {
                condition.directions = Set(list)
            } else { fail() }
        }
        if let v = object["crossings"] {
            let p = pointer.appending("crossings")
            if let list = stringArray(v, at: p, element: { (d: inout RuleSetDecoder, text: String, ip: JSONPointer) -> Crossing? in d.enumeration(text, at: ip) }) {
                condition.crossings = Set(list)
            } else { fail() }
        }
        for (field, kind) in [("traderList", WatchListKind.trader), ("plateList", .plate), ("containerList", .container), ("driverDocumentList", .driverDocument)] {
            guard let v = object[field] else { continue }
            guard let name = watchListReference(v, at: pointer.appending(field), kind: kind, context: context) else { fail(); continue }
            switch kind {
            case .trader: condition.traderList = name
            case .plate: condition.plateList = name
            case .container: condition.containerList = name
            case .driverDocument: condition.driverDocumentList = name
            }
        }
        if let v = object["authorisedOperator"] {
            if let flag = bool(v, at: pointer.appending("authorisedOperator")) { condition.authorisedOperator = flag } else { fail() }
        }
        if let v = object["complianceLevelAtLeast"] {
            if let level = integer(v, at: pointer.appending("complianceLevelAtLeast"), in: 1...5) {
                condition.complianceLevelAtLeast = ComplianceLevel(rawValue: level)
            } else { fail() }
        }
        if let v = object["findingsAtLeast"] {
            if let count = integer(v, at: pointer.appending("findingsAtLeast"), in: 1...1_000_000) { condition.findingsAtLeast = count } else { fail() }
        }
        if let v = object["unmannedVehicle"] {
            if let flag = bool(v, at: pointer.appending("unmannedVehicle")) { condition.unmannedVehicle = flag } else { fail() }
        }
        if let v = object["driverHealthReferral"] {
            if let flag = bool(v, at: pointer.appending("driverHealthReferral")) { condition.driverHealthReferral = flag } else { fail() }
        }
        if let v = object["hsPrefixes"] {
            let p = pointer.appending("hsPrefixes")
            if let list = stringArray(v, at: p, element: { (d: inout RuleSetDecoder, text: String, ip: JSONPointer) -> String? in
                if let reason = RuleSetDecoder.hsPrefixProblem(text) { d.report(ip, reason); return nil }
                return text
            }) {
                condition.hsPrefixes = list
            } else { fail() }
        }
        if let v = object["origins"] {
            let p = pointer.appending("origins")
            if let list = stringArray(v, at: p, element: { (d: inout RuleSetDecoder, text: String, ip: JSONPointer) -> String? in
                guard CountryCodes.assigned.contains(text) else {
                    d.report(ip, "\"\(text)\" is not an ISO 3166-1 alpha-2 country code")
                    return nil
                }
                return text
            }) {
                condition.origins = Set(list)
            } else { fail() }
        }
        if let v = object["quarantineCertificate"] {
            let p = pointer.appending("quarantineCertificate")
            if let text = string(v, at: p, maxLength: 32), let need: QuarantineNeed = enumeration(text, at: p) {
                condition.quarantineCertificate = need
            } else { fail() }
        }
        if let v = object["valuePerKgBelowReference"] {
            let p = pointer.appending("valuePerKgBelowReference")
            if let fraction = decimal(v, at: p, check: { $0 > .zero && $0 <= 10 ? nil : "expected a fraction of the reference above 0 and at most 10 (0.5 is half)" }) {
                if context.hasValueReferences {
                    condition.valuePerKgBelowReference = fraction
                } else {
                    report(p, "there are no valueReferences to compare with; add them at the top level")
                    fail()
                }
            } else { fail() }
        }
        guard valid else { return nil }
        if condition.isEmpty {
            report(pointer, "a rule with no criteria would fire for every declaration; give at least one criterion (randomSelection covers random checks)")
            return nil
        }
        return condition
    }

    /// The name of a watch list of the given kind.
    private mutating func watchListReference(_ value: JSONValue, at pointer: JSONPointer, kind: WatchListKind, context: RuleContext) -> String? {
        guard let name = identifier(value, at: pointer) else { return nil }
        guard let lists = context.watchLists else { return nil }  // their own problems are reported
        guard let list = lists[name] else {
            let known = lists.values.filter { $0.kind == kind }.map(\.name).sorted()
            report(pointer, "no watch list \"\(name)\"" + (known.isEmpty ? "; define it under watchLists" : "; the \(kind.rawValue) lists are \(known.joined(separator: ", "))"))
            return nil
        }
        guard list.kind == kind else {
            report(pointer, "watch list \"\(name)\" holds \(list.kind.rawValue) entries; this criterion needs a \(kind.rawValue) list")
            return nil
        }
        return name
    }
}
