import Customs
import Foundation
import Testing

/// The ruleset file: the shipped one is valid, and a broken one is refused with every reason.
@Suite struct RuleSetTests {
    @Test func theShippedPilotRulesetIsValid() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Config/risk-rules.json")
        let bytes = try [UInt8](Data(contentsOf: url))
        switch RuleSet.parse(bytes) {
        case .success(let ruleset):
            #expect(ruleset.version == "2026.12-pilot.1")
            #expect(ruleset.rules.count >= 15)
        case .failure(let error):
            Issue.record("Config/risk-rules.json refused: \(error)")
        }
    }

    @Test func thePilotRulesetSendsTheCleanExampleGreenAndAWatchedPlateRed() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Config/risk-rules.json")
        let ruleset = try RuleSet.parse([UInt8](Data(contentsOf: url))).get()
        let at = UTCTimestamp(rfc3339: "2026-11-22T08:00:00+07:00")!
        // Seed 0's draw is ~0.0, which random selection would catch; use one drawing high.
        var seed: UInt64 = 1
        while true {
            var g = SeededGenerator(seed: seed)
            if g.nextUnitInterval() > 0.5 { break }
            seed += 1
        }
        let clean = RiskEngine.decide(Fixtures.accepted(Fixtures.example)!, trader: .unknown, ruleset: ruleset, seed: seed, at: at)
        #expect(clean.lane == .green)
        #expect(clean.firedRules.map(\.ruleID) == ["fresh-fruit-phytosanitary"])
        let watched = Fixtures.accepted(Fixtures.example.setting("/vehicle/plate", to: "12C-99999"))!
        let red = RiskEngine.decide(watched, trader: .unknown, ruleset: ruleset, seed: seed, at: at)
        #expect(red.lane == .red)
        #expect(red.firedRules.first?.ruleID == "watch-plate")
        #expect(red.firedRules.first?.task.contains("X-ray") == true)
    }

    static func problems(_ text: String) -> [String] {
        switch RuleSet.parse(text) {
        case .success: return []
        case .failure(let error): return error.problems.map(\.description)
        }
    }

    static let header = #""format": 1, "version": "v1", "scoring": {"yellowFrom": 30, "redFrom": 60}, "randomSelection": {"greenToYellow": 0.02, "greenToRed": 0.01, "authorisedOperatorCap": 0.005}"#

    @Test func notJSONIsRefusedSayingWhere() {
        #expect(Self.problems("{\"format\": 1,").first?.hasPrefix("(document):") == true)
    }

    @Test func everyProblemIsReportedWithItsPointer() {
        let text = """
        {\(Self.header), "rules": [
          {"id": "a", "when": {"hsPrefixes": ["77"]}, "then": {"lane": "purple"}, "reason": "r", "task": "t"},
          {"id": "a", "when": {"plateList": "nope"}, "then": {"score": 5}, "reason": "r", "task": "t"},
          {"id": "c", "when": {}, "then": {"score": 5}, "reason": "r", "task": "t", "colour": "x"}
        ]}
        """
        let problems = Self.problems(text)
        #expect(problems.contains { $0.hasPrefix("/rules/0/when/hsPrefixes/0:") && $0.contains("77") })
        #expect(problems.contains { $0.hasPrefix("/rules/0/then/lane:") && $0.contains("purple") })
        #expect(problems.contains { $0.hasPrefix("/rules/1/when/plateList:") && $0.contains("no watch list \"nope\"") })
        #expect(problems.contains { $0.hasPrefix("/rules/2/colour:") && $0.contains("unknown field") })
        #expect(problems.contains { $0.hasPrefix("/rules/2/when:") && $0.contains("every declaration") })
    }

    @Test func duplicateRuleIdsAreRefused() {
        let text = """
        {\(Self.header), "rules": [
          {"id": "a", "when": {"origins": ["VN"]}, "then": {"score": 5}, "reason": "r", "task": "t"},
          {"id": "a", "when": {"origins": ["CN"]}, "then": {"score": 5}, "reason": "r", "task": "t"}
        ]}
        """
        #expect(Self.problems(text) == [#"/rules/1/id: rule id "a" is already used by rule 0"#])
    }

    @Test func aWatchListOfTheWrongKindIsRefused() {
        let text = """
        {\(Self.header), "watchLists": {"p": {"kind": "plate", "entries": ["12C-123.45"]}}, "rules": [
          {"id": "a", "when": {"containerList": "p"}, "then": {"score": 5}, "reason": "r", "task": "t"}
        ]}
        """
        #expect(Self.problems(text).first?.contains("holds plate entries") == true)
    }

    @Test func anInvertedValidityWindowIsRefused() {
        let text = """
        {\(Self.header), "rules": [
          {"id": "a", "when": {"origins": ["VN"]}, "then": {"score": 5}, "reason": "r", "task": "t",
           "validFrom": "2027-01-01T00:00:00Z", "validUntil": "2026-01-01T00:00:00Z"}
        ]}
        """
        #expect(Self.problems(text).first?.hasPrefix("/rules/0/validUntil:") == true)
    }

    @Test func aValueRuleNeedsValueReferences() {
        let text = """
        {\(Self.header), "rules": [
          {"id": "a", "when": {"valuePerKgBelowReference": 0.5}, "then": {"score": 5}, "reason": "r", "task": "t"}
        ]}
        """
        #expect(Self.problems(text).first?.contains("no valueReferences") == true)
    }

    @Test func scoringThresholdsMustBeOrdered() {
        let text = #"{"format": 1, "version": "v1", "scoring": {"yellowFrom": 60, "redFrom": 30}, "randomSelection": {"greenToYellow": 0, "greenToRed": 0, "authorisedOperatorCap": 0}, "rules": []}"#
        #expect(Self.problems(text).first?.hasPrefix("/scoring/redFrom:") == true)
    }

    /// The two chances drawn from green share one draw, so together they cannot exceed 1; exactly 1 is allowed.
    @Test func greenSelectionChancesMustNotExceedOneTogether() {
        func ruleset(_ toYellow: String, _ toRed: String) -> String {
            #"{"format": 1, "version": "v1", "scoring": {"yellowFrom": 30, "redFrom": 60}, "randomSelection": {"greenToYellow": "# + toYellow
                + #", "greenToRed": "# + toRed + #", "authorisedOperatorCap": 0}, "rules": []}"#
        }
        let problems = Self.problems(ruleset("0.6", "0.45"))
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("/randomSelection/greenToRed:") == true)
        #expect(problems.first?.contains("found 1.05") == true, "\(problems)")
        #expect(Self.problems(ruleset("0.55", "0.45")) == [])
        #expect(Self.problems(ruleset("0.9999999999999999999999999999999999999", "0.0000000000000000000000000000000000001")) == [])
    }

    @Test func anotherFormatIsRefusedWithoutCheckingTheRest() {
        #expect(Self.problems(#"{"format": 2, "version": "v", "rules": [], "scoring": 1, "randomSelection": 1}"#)
                == ["/format: this build reads ruleset format 1, found 2"])
    }
}
