import Foundation

/// Lane routing: a pure function of the declaration, what is known of the trader, the ruleset, a
/// seed and the decision time. No clock, no randomness of its own, no I/O: the daemon passes all
/// of it in and stores it with the decision, so any decision can be replayed and explained.
public enum RiskEngine {
    public static func decide(_ declaration: Declaration, trader: TraderProfile, ruleset: RuleSet,
                              seed: UInt64, at instant: UTCTimestamp) -> LaneDecision {
        var fired: [FiredRule] = []
        var laneFromRules = Lane.green
        var score = 0
        for index in ruleset.index.candidates(for: declaration) {
            let rule = ruleset.rules[index]
            guard rule.validity.contains(instant),
                  let match = evaluate(rule.condition, declaration, trader: trader, ruleset: ruleset) else { continue }
            fired.append(FiredRule(ruleID: rule.id, outcome: rule.outcome, reason: rule.reason, task: rule.task,
                                   goodsLine: match.line, detail: match.detail))
            switch rule.outcome {
            case .lane(let lane): laneFromRules = max(laneFromRules, lane)
            case .score(let points): score += points
            }
        }
        let ruleLane = max(laneFromRules, ruleset.thresholds.lane(for: score))
        var generator = SeededGenerator(seed: seed)
        let random = randomSelection(from: ruleLane, draw: generator.nextUnitInterval(),
                                     rates: ruleset.randomSelection, authorisedOperator: trader.isAuthorisedOperator)
        return LaneDecision(lane: max(ruleLane, random.escalatedTo ?? .green), ruleLane: ruleLane, score: score,
                            firedRules: fired, randomSelection: random, rulesetVersion: ruleset.version,
                            seed: seed, decidedAt: instant, trader: trader)
    }

    /// Red is never drawn from (nothing is stricter). From green the draw sends `toRed` of
    /// declarations to red and the next `toYellow` to yellow; from yellow, `yellowToRed` to red.
    /// An authorised operator's total chance is capped, keeping the proportions.
    static func randomSelection(from lane: Lane, draw: Double, rates: RandomSelectionRates, authorisedOperator: Bool) -> RandomSelection {
        var toYellow = 0.0, toRed = 0.0
        switch lane {
        case .green: (toYellow, toRed) = (rates.greenToYellow, rates.greenToRed)
        case .yellow: toRed = rates.yellowToRed
        case .red: break
        }
        let total = toYellow + toRed
        if authorisedOperator, total > rates.authorisedOperatorCap, total > 0 {
            let factor = rates.authorisedOperatorCap / total
            toYellow *= factor
            toRed *= factor
        }
        let escalated: Lane? = draw < toRed ? .red : (draw < toRed + toYellow ? .yellow : nil)
        return RandomSelection(draw: draw, toYellow: toYellow, toRed: toRed, escalatedTo: escalated)
    }

    struct Match {
        var line: Int?
        var detail: String?
    }

    /// Nil when the rule does not fire; otherwise the goods line it fired on, if it has line criteria.
    static func evaluate(_ c: RuleCondition, _ d: Declaration, trader: TraderProfile, ruleset: RuleSet) -> Match? {
        if let directions = c.directions, !directions.contains(d.direction) { return nil }
        if let crossings = c.crossings, !crossings.contains(d.crossing) { return nil }
        if let flag = c.authorisedOperator, flag != trader.isAuthorisedOperator { return nil }
        if let level = c.complianceLevelAtLeast, trader.complianceLevel < level { return nil }
        if let findings = c.findingsAtLeast, trader.findingsCount < findings { return nil }
        if let flag = c.unmannedVehicle, flag != !d.vehicle.kind.isManned { return nil }
        if let flag = c.driverHealthReferral, flag != (d.quarantine.driverHealth?.needsReferral ?? false) { return nil }
        if let name = c.traderList, !listHolds(name, d.trader.taxCode, ruleset) { return nil }
        if let name = c.plateList, !(listHolds(name, d.vehicle.plate, ruleset) || d.vehicle.trailerPlate.map { listHolds(name, $0, ruleset) } == true) { return nil }
        if let name = c.containerList, !d.vehicle.containers.contains(where: { listHolds(name, $0.number, ruleset) }) { return nil }
        if let name = c.driverDocumentList {
            guard let driver = d.driver, listHolds(name, driver.document.number, ruleset) || listHolds(name, driver.licence.number, ruleset) else { return nil }
        }
        guard c.hasLineCriteria else { return Match() }
        for (index, line) in d.goods.enumerated() {
            if let match = evaluateLine(c, line, index: index, ruleset: ruleset) { return match }
        }
        return nil
    }

    /// Nil when the line does not match; otherwise the match, with a detail for a value rule.
    private static func evaluateLine(_ c: RuleCondition, _ line: GoodsLine, index: Int, ruleset: RuleSet) -> Match? {
        if let prefixes = c.hsPrefixes, !prefixes.contains(where: { line.hsCode.hasPrefix($0) }) { return nil }
        if let origins = c.origins, !origins.contains(line.origin) { return nil }
        if let need = c.quarantineCertificate {
            guard need.matches(QuarantineChapters.required[line.chapter]) else { return nil }
        }
        var match = Match(line: index)
        if let fraction = c.valuePerKgBelowReference {
            // value / rate / netKg < threshold, compared as value < threshold × rate × netKg:
            // the quotient is needed only for the message of a rule that fires. A currency
            // without a rate cannot be compared, so a value rule does not fire on its lines.
            guard let reference = reference(for: line.hsCode, ruleset: ruleset),
                  let rate = ruleset.exchangeRates[line.currency], rate > .zero, line.netKg > .zero else { return nil }
            guard let found = valuePerKgBelow(line, rate: rate, reference: reference.usdPerKg, fraction: fraction) else { return nil }
            let goods = reference.goods.map { " for \($0)" } ?? ""
            match.detail = "declared \(found) USD/kg; the reference\(goods) (HS \(reference.hsPrefix)) is \(reference.usdPerKg) USD/kg"
        }
        return match
    }

    /// The line's US dollars per net kilogram, rounded to 4 decimals, when it is below `fraction` of
    /// the reference; nil when it is not. Exact in `Amount`; products beyond its 38 digits (long
    /// rates in a ruleset) are done in `Decimal`, as all of it was before.
    static func valuePerKgBelow(_ line: GoodsLine, rate: Amount, reference: Amount, fraction: Amount) -> String? {
        if let ratedKg = rate.multiplied(by: line.netKg),
           let threshold = reference.multiplied(by: fraction)?.multiplied(by: ratedKg) {
            guard line.value < threshold else { return nil }
            return line.value.divided(by: ratedKg, places: 4)?.description ?? rounded(line.value.decimal / ratedKg.decimal)
        }
        let ratedKg = rate.decimal * line.netKg.decimal
        guard line.value.decimal < reference.decimal * fraction.decimal * ratedKg else { return nil }
        return rounded(line.value.decimal / ratedKg)
    }

    /// The reference of the longest HS prefix of `code`.
    static func reference(for code: String, ruleset: RuleSet) -> ValueReference? {
        guard !ruleset.valueReferences.isEmpty else { return nil }
        for length in stride(from: min(10, code.utf8.count), through: 2, by: -1) {
            if let reference = ruleset.valueReferences[HSCode.prefix(code, length)] { return reference }
        }
        return nil
    }

    private static func listHolds(_ name: String, _ entry: String, _ ruleset: RuleSet) -> Bool {
        ruleset.watchLists[name]?.entries.contains(entry) == true
    }

    private static func rounded(_ value: Decimal) -> String {
        var input = value, output = Decimal()
        NSDecimalRound(&output, &input, 4, .plain)
        return output.description
    }
}
