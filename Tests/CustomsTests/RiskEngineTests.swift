import Customs
import Foundation
import Testing

/// The risk engine, pure: each criterion, precedence, replay, random rates and the AEO cap.
@Suite struct RiskEngineTests {
    static let now = UTCTimestamp(rfc3339: "2026-11-22T08:00:00+07:00")!

    /// A ruleset with no random selection unless asked, so each test sees only its rules.
    static func ruleset(_ rules: String, random: String = #"{"greenToYellow": 0, "greenToRed": 0, "authorisedOperatorCap": 0}"#,
                        extra: String = "") -> RuleSet {
        let text = """
        {"format": 1, "version": "test.1", "scoring": {"yellowFrom": 30, "redFrom": 60}, "randomSelection": \(random),
         "exchangeRates": {"CNY": 7}, "valueReferences": {"08": {"usdPerKg": 1}, "0810": {"usdPerKg": 2, "goods": "fresh fruit"}},
         "watchLists": {
           "plates": {"kind": "plate", "entries": ["12R-01234"]},
           "containers": {"kind": "container", "entries": ["MSCU1234566"]},
           "documents": {"kind": "driver_document", "entries": ["C1234567"]},
           "traders": {"kind": "trader", "entries": ["4900567896"]}
         }\(extra),
         "rules": [\(rules)]}
        """
        switch RuleSet.parse(text) {
        case .success(let ruleset): return ruleset
        case .failure(let error): fatalError("test ruleset refused: \(error)")
        }
    }

    static func rule(_ id: String, _ when: String, _ then: String = #"{"lane": "red"}"#, extra: String = "") -> String {
        #"{"id": "\#(id)", "when": \#(when), "then": \#(then), "reason": "because \#(id)", "task": "do \#(id)"\#(extra)}"#
    }

    static func declaration(_ document: JSONValue = Fixtures.example) -> Declaration {
        Fixtures.accepted(document)!
    }

    static func decide(_ ruleset: RuleSet, _ declaration: Declaration = declaration(), trader: TraderProfile = .unknown,
                       seed: UInt64 = 1, at instant: UTCTimestamp = now) -> LaneDecision {
        RiskEngine.decide(declaration, trader: trader, ruleset: ruleset, seed: seed, at: instant)
    }

    static func fired(_ ruleset: RuleSet, _ declaration: Declaration = declaration(), trader: TraderProfile = .unknown) -> [String] {
        decide(ruleset, declaration, trader: trader).firedRules.map(\.ruleID)
    }

    @Test func aDeclarationNoRuleMatchesIsGreenWithNothingFired() {
        let decision = Self.decide(Self.ruleset(Self.rule("cn-origin", #"{"origins": ["CN"]}"#)))
        #expect(decision.lane == .green)
        #expect(decision.firedRules.isEmpty)
        #expect(decision.score == 0)
    }

    @Test func hsPrefixFiresOnAnyPrefixLengthAndNotOnOtherChapters() {
        for prefix in ["08", "0810", "081090", "08109010"] {
            #expect(Self.fired(Self.ruleset(Self.rule("r", #"{"hsPrefixes": ["\#(prefix)"]}"#))) == ["r"], "prefix \(prefix)")
        }
        #expect(Self.fired(Self.ruleset(Self.rule("r", #"{"hsPrefixes": ["85", "0811"]}"#))).isEmpty)
    }

    @Test func lineCriteriaMustHoldOnTheSameLine() {
        // Line 0: Vietnamese durian; line 1: Thai mangoes. "Durian from Thailand" must not fire.
        let twoLines = Fixtures.example.setting("/goods/-", to: [
            "hsCode": "08045020", "description": "Xoài", "quantity": 1000, "unit": "KGM", "grossKg": 1100, "netKg": 1000,
            "value": 2000, "currency": "USD", "origin": "TH",
        ]).setting("/quarantine/certificates/0/goodsLines", to: [0, 1])
        let rules = Self.ruleset(Self.rule("thai-durian", #"{"hsPrefixes": ["0810"], "origins": ["TH"]}"#) + "," +
                                 Self.rule("thai-mango", #"{"hsPrefixes": ["0804"], "origins": ["TH"]}"#))
        let decision = Self.decide(rules, Self.declaration(twoLines))
        #expect(decision.firedRules.map(\.ruleID) == ["thai-mango"])
        #expect(decision.firedRules.first?.goodsLine == 1)
    }

    @Test func originAndDirectionAndCrossing() {
        #expect(Self.fired(Self.ruleset(Self.rule("r", #"{"origins": ["VN"]}"#))) == ["r"])
        #expect(Self.fired(Self.ruleset(Self.rule("r", #"{"directions": ["export"]}"#))) == ["r"])
        #expect(Self.fired(Self.ruleset(Self.rule("r", #"{"directions": ["import"]}"#))).isEmpty)
        #expect(Self.fired(Self.ruleset(Self.rule("r", #"{"crossings": ["HUU_NGHI"]}"#))) == ["r"])
        #expect(Self.fired(Self.ruleset(Self.rule("r", #"{"crossings": ["TAN_THANH"]}"#))).isEmpty)
    }

    @Test func watchListsMatchPlateTrailerContainerDocumentAndTrader() {
        // The example's trailer is 12R-012.34, its container MSCU1234566, its passport C1234567.
        for criterion in [#""plateList": "plates""#, #""containerList": "containers""#, #""driverDocumentList": "documents""#, #""traderList": "traders""#] {
            #expect(Self.fired(Self.ruleset(Self.rule("r", "{\(criterion)}"))) == ["r"], "\(criterion)")
        }
        let other = Fixtures.example
            .setting("/vehicle/trailerPlate", to: "12R-999.99")
            .setting("/vehicle/containers/0/number", to: "CSQU3054383")
            .setting("/driver/document/number", to: "C7654321")
            .setting("/trader/taxCode", to: "0100109106")
        for criterion in [#""plateList": "plates""#, #""containerList": "containers""#, #""driverDocumentList": "documents""#, #""traderList": "traders""#] {
            #expect(Self.fired(Self.ruleset(Self.rule("r", "{\(criterion)}")), Self.declaration(other)).isEmpty, "\(criterion)")
        }
    }

    @Test func traderStatusComplianceAndFindings() {
        let rules = Self.ruleset([
            Self.rule("aeo", #"{"authorisedOperator": true}"#, #"{"score": -10}"#),
            Self.rule("poor", #"{"complianceLevelAtLeast": 4}"#, #"{"score": 30}"#),
            Self.rule("findings", #"{"findingsAtLeast": 2}"#, #"{"score": 5}"#),
        ].joined(separator: ","))
        #expect(Self.fired(rules).isEmpty)
        #expect(Self.fired(rules, trader: TraderProfile(isAuthorisedOperator: true, complianceLevel: .excellent, findingsCount: 0)) == ["aeo"])
        let poor = TraderProfile(isAuthorisedOperator: false, complianceLevel: .poor, findingsCount: 2)
        let decision = Self.decide(rules, trader: poor)
        #expect(decision.firedRules.map(\.ruleID) == ["poor", "findings"])
        #expect(decision.score == 35)
        #expect(decision.lane == .yellow)
    }

    @Test func unmannedVehiclesAndDriverHealth() {
        let unmanned = Self.ruleset(Self.rule("u", #"{"unmannedVehicle": true}"#))
        #expect(Self.fired(unmanned).isEmpty)
        #expect(Self.fired(unmanned, Self.declaration(Fixtures.unmanned)) == ["u"])
        let fever = Self.ruleset(Self.rule("f", #"{"driverHealthReferral": true}"#))
        #expect(Self.fired(fever).isEmpty)
        #expect(Self.fired(fever, Self.declaration(Fixtures.example.setting("/quarantine/driverHealth/fever", to: true))) == ["f"])
    }

    @Test func quarantineNeedComesFromTheChapter() {
        #expect(Self.fired(Self.ruleset(Self.rule("p", #"{"quarantineCertificate": "phytosanitary"}"#))) == ["p"])
        #expect(Self.fired(Self.ruleset(Self.rule("v", #"{"quarantineCertificate": "veterinary"}"#))).isEmpty)
        #expect(Self.fired(Self.ruleset(Self.rule("a", #"{"quarantineCertificate": "any"}"#)), Self.declaration(Fixtures.chineseImport)).isEmpty)
    }

    @Test func undervaluationComparesUSDPerNetKgWithTheLongestPrefix() {
        // The example: 54,000 USD for 18,000 kg = 3 USD/kg; the 0810 reference is 2 USD/kg.
        let below = Self.ruleset(Self.rule("cheap", #"{"valuePerKgBelowReference": 1.6}"#))  // below 3.2
        let decision = Self.decide(below)
        #expect(decision.firedRules.map(\.ruleID) == ["cheap"])
        #expect(decision.firedRules.first?.detail == "declared 3 USD/kg; the reference for fresh fruit (HS 0810) is 2 USD/kg")
        #expect(Self.fired(Self.ruleset(Self.rule("cheap", #"{"valuePerKgBelowReference": 1.5}"#))).isEmpty)  // below 3.0: not
        // In yuan: 54,000 CNY at 7 per USD is 0.43 USD/kg.
        let yuan = Self.declaration(Fixtures.example.setting("/goods/0/currency", to: "CNY"))
        #expect(Self.fired(Self.ruleset(Self.rule("cheap", #"{"valuePerKgBelowReference": 0.25}"#)), yuan) == ["cheap"])
        // The quotient in the message is rounded to 4 places: 54,000 / 7 / 18,000 = 0.428571…
        #expect(Self.decide(Self.ruleset(Self.rule("cheap", #"{"valuePerKgBelowReference": 0.25}"#)), yuan).firedRules.first?.detail
                == "declared 0.4286 USD/kg; the reference for fresh fruit (HS 0810) is 2 USD/kg")
        // A currency without a rate cannot be compared, so the rule stays quiet.
        let baht = Self.declaration(Fixtures.example.setting("/goods/0/currency", to: "THB").setting("/goods/0/value", to: 1))
        #expect(Self.fired(Self.ruleset(Self.rule("cheap", #"{"valuePerKgBelowReference": 1}"#)), baht).isEmpty)
    }

    @Test func validityWindowIsCheckedAgainstTheDecisionTime() {
        let rules = Self.ruleset(Self.rule("season", #"{"origins": ["VN"]}"#,
                                           extra: #", "validFrom": "2026-12-01T00:00:00+07:00", "validUntil": "2027-01-01T00:00:00+07:00""#))
        #expect(Self.decide(rules).firedRules.isEmpty)
        #expect(Self.decide(rules, at: UTCTimestamp(rfc3339: "2026-12-01T00:00:00+07:00")!).firedRules.map(\.ruleID) == ["season"])
        #expect(Self.decide(rules, at: UTCTimestamp(rfc3339: "2026-12-31T16:59:59.999Z")!).firedRules.map(\.ruleID) == ["season"])
        #expect(Self.decide(rules, at: UTCTimestamp(rfc3339: "2027-01-01T00:00:00+07:00")!).firedRules.isEmpty)
    }

    @Test func precedenceIsRedOverYellowOverGreenWhateverTheOrder() {
        let rules = Self.ruleset([
            Self.rule("g", #"{"origins": ["VN"]}"#, #"{"lane": "green"}"#),
            Self.rule("r", #"{"directions": ["export"]}"#, #"{"lane": "red"}"#),
            Self.rule("y", #"{"crossings": ["HUU_NGHI"]}"#, #"{"lane": "yellow"}"#),
        ].joined(separator: ","))
        let decision = Self.decide(rules)
        #expect(decision.lane == .red)
        #expect(decision.firedRules.map(\.ruleID) == ["g", "r", "y"])
        let greenOnly = Self.ruleset(Self.rule("g", #"{"origins": ["VN"]}"#, #"{"lane": "green"}"#) + "," +
                                     Self.rule("s", #"{"directions": ["export"]}"#, #"{"score": 35}"#))
        #expect(Self.decide(greenOnly).lane == .yellow, "a green rule never lowers what the score gives")
    }

    @Test func scoresAddUpToTheThresholds() {
        let rules = Self.ruleset([
            Self.rule("a", #"{"origins": ["VN"]}"#, #"{"score": 25}"#),
            Self.rule("b", #"{"directions": ["export"]}"#, #"{"score": 20}"#),
            Self.rule("c", #"{"hsPrefixes": ["08"]}"#, #"{"score": 15}"#),
        ].joined(separator: ","))
        let decision = Self.decide(rules)
        #expect(decision.score == 60)
        #expect(decision.lane == .red)
        #expect(decision.ruleLane == .red)
    }

    @Test func aStoredDecisionReplaysToTheSameLaneFromItsJSON() throws {
        let rules = Self.ruleset(Self.rule("a", #"{"origins": ["VN"]}"#, #"{"score": 25}"#),
                                 random: #"{"greenToYellow": 0.3, "greenToRed": 0.2, "authorisedOperatorCap": 0.005}"#)
        for seed in UInt64(0)..<200 {
            let original = Self.decide(rules, seed: seed &* 0x9E37_79B9_7F4A_7C15)
            let stored = try JSONParser.parse(original.jsonValue().serialized())
            let read = try #require(LaneDecision(json: stored))
            #expect(read == original)
            let replay = RiskEngine.decide(Self.declaration(), trader: read.trader, ruleset: rules, seed: read.seed, at: read.decidedAt)
            #expect(replay == original)
        }
    }

    @Test func randomSelectionMeetsItsRatesOverOneHundredThousandDeclarations() {
        let rules = Self.ruleset(Self.rule("never", #"{"origins": ["KP"]}"#),
                                 random: #"{"greenToYellow": 0.02, "greenToRed": 0.01, "yellowToRed": 0.05, "authorisedOperatorCap": 0.005}"#)
        let declaration = Self.declaration()
        var generator = SeededGenerator(seed: 20261201)
        var counts: [Lane: Int] = [:]
        let n = 100_000
        for _ in 0..<n {
            counts[Self.decide(rules, declaration, seed: generator.next()).lane, default: 0] += 1
        }
        // Binomial standard deviations: yellow sqrt(n·0.02·0.98) ≈ 44, red ≈ 31; allow 5 of them.
        #expect(abs(counts[.yellow, default: 0] - 2000) < 5 * 44)
        #expect(abs(counts[.red, default: 0] - 1000) < 5 * 32)
        // Would-be-yellow declarations go to red at their own rate.
        let yellowRules = Self.ruleset(Self.rule("y", #"{"origins": ["VN"]}"#, #"{"lane": "yellow"}"#),
                                       random: #"{"greenToYellow": 0.02, "greenToRed": 0.01, "yellowToRed": 0.05, "authorisedOperatorCap": 0.005}"#)
        var red = 0
        for _ in 0..<n where Self.decide(yellowRules, declaration, seed: generator.next()).lane == .red { red += 1 }
        #expect(abs(red - 5000) < 5 * 69)
    }

    @Test func authorisedOperatorsRandomChecksAreCappedKeepingTheMix() {
        let rules = Self.ruleset(Self.rule("never", #"{"origins": ["KP"]}"#),
                                 random: #"{"greenToYellow": 0.02, "greenToRed": 0.01, "authorisedOperatorCap": 0.005}"#)
        let aeo = TraderProfile(isAuthorisedOperator: true, complianceLevel: .excellent, findingsCount: 0)
        let declaration = Self.declaration()
        let first = Self.decide(rules, declaration, trader: aeo)
        #expect(abs(first.randomSelection.toYellow + first.randomSelection.toRed - 0.005) < 1e-12)
        #expect(abs(first.randomSelection.toYellow / first.randomSelection.toRed - 2) < 1e-9)
        var generator = SeededGenerator(seed: 7)
        var checked = 0
        let n = 100_000
        for _ in 0..<n where Self.decide(rules, declaration, trader: aeo, seed: generator.next()).lane != .green { checked += 1 }
        // 0.5 %: 500 ± 5·22.
        #expect(abs(checked - 500) < 5 * 23)
    }

    @Test func aRedDeclarationIsNeverDrawnFrom() {
        let rules = Self.ruleset(Self.rule("r", #"{"origins": ["VN"]}"#), random: #"{"greenToYellow": 0.5, "greenToRed": 0.5, "yellowToRed": 1, "authorisedOperatorCap": 1}"#)
        let decision = Self.decide(rules)
        #expect(decision.lane == .red)
        #expect(decision.randomSelection.escalatedTo == nil)
        #expect(decision.randomSelection.toRed == 0)
    }

    @Test func aThousandRulesAreIndexedSoOnlyCandidatesAreEvaluated() {
        // 1,000 rules on distinct HS headings plus one watch-list rule: the durian fires one, not all.
        var rules: [String] = []
        for heading in 0..<1000 {
            let chapter = 1 + heading % 97 == 77 ? 78 : 1 + heading % 97
            let prefix = String(format: "%02d%02d", chapter, heading / 97)
            rules.append(Self.rule("h\(heading)", #"{"hsPrefixes": ["\#(prefix)"], "origins": ["VN"]}"#, #"{"score": 1}"#))
        }
        rules.append(Self.rule("durian", #"{"hsPrefixes": ["08109010"]}"#, #"{"score": 5}"#))
        let ruleset = Self.ruleset(rules.joined(separator: ","))
        let decision = Self.decide(ruleset)
        // 0810 is heading 10 of chapter 08 → rule index 10·97 + 7 = 977.
        #expect(decision.firedRules.map(\.ruleID) == ["h977", "durian"])
        #expect(decision.score == 6)
    }
}
