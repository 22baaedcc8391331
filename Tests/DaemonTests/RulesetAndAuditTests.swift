import Foundation
import Testing
import TestSupport

/// Replacing the ruleset (PUT and SIGHUP) and verifying the audit trail, through the real daemon.
@Suite struct RulesetAndAuditTests {
    static let testRules = Repository.root.appendingPathComponent("Tests/Rulesets/test-rules.json")

    /// The test ruleset under another version, with mangoes sent to red as well.
    static func strictRuleset(version: String) throws -> String {
        let text = try String(contentsOf: testRules, encoding: .utf8)
        return text.replacingOccurrences(of: #""version": "test.1""#, with: #""version": "\#(version)""#)
            .replacingOccurrences(of: #""rules": ["#, with: #""rules": [{"id": "mango-red", "when": {"hsPrefixes": ["0804"]}, "then": {"lane": "red"}, "reason": "Mango season checks.", "task": "Open 10 % of cartons."},"#)
    }

    @Test func aBrokenRulesetIsRefusedWithItsProblemsAndTheOldOneStaysInForce() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let supervisor = try bed.addOfficer("Supervisor", role: "supervisor")
        let broken = #"{"format": 1, "version": "test.2", "scoring": {"yellowFrom": 30, "redFrom": 60}, "randomSelection": {"greenToYellow": 0, "greenToRed": 0, "authorisedOperatorCap": 0}, "rules": [{"id": "x", "when": {"hsPrefixes": ["77"]}, "then": {"lane": "purple"}, "reason": "r", "task": "t"}]}"#
        let refused = try bed.call("PUT", "/v1/admin/ruleset", token: supervisor, json: broken)
        #expect(refused.status == 422)
        #expect(refused.object["inForce"] as? String == "test.1")
        let pointers = (refused.object["errors"] as? [[String: Any]])?.compactMap { $0["pointer"] as? String }
        #expect(pointers == ["/rules/0/when/hsPrefixes/0", "/rules/0/then/lane"])
        #expect(try bed.call("PUT", "/v1/admin/ruleset", token: supervisor, json: "{not json").status == 422)
        let underFirst = try bed.post(body: DeclarationBody.valid(hsCode: "08045020"))
        #expect(underFirst.object["lane"] as? String == "green")

        let replaced = try bed.call("PUT", "/v1/admin/ruleset", token: supervisor, json: try Self.strictRuleset(version: "test.2"))
        #expect(replaced.status == 200)
        #expect(replaced.object["version"] as? String == "test.2")
        #expect(try bed.call("GET", "/v1/admin/ruleset", token: supervisor).object["version"] as? String == "test.2")
        let strict = try bed.post(body: DeclarationBody.valid(variant: 1, hsCode: "08045020"))
        #expect(strict.object["lane"] as? String == "red")
        // A version names one document for ever.
        let reused = try bed.call("PUT", "/v1/admin/ruleset", token: supervisor,
                                  json: try Self.strictRuleset(version: "test.1"))
        #expect(reused.status == 409)
        #expect(reused.object["code"] as? String == "ruleset_version_reused")
        // A decision made under test.1 still replays, with test.1, after test.2 took over.
        let old = try #require(underFirst.id)
        let replay = try bed.call("GET", "/v1/declarations/\(old)/decision?replay=true", token: supervisor).object["replay"] as? [String: Any]
        #expect(replay?["rulesetVersion"] as? String == "test.1")
        #expect(replay?["lane"] as? String == "green")
        #expect(replay?["matches"] as? Bool == true)
        let actions = try bed.count("SELECT count(*) AS n FROM audit_log WHERE action = 'ruleset.loaded'")
        #expect(actions == 2, "the start and the replacement; refusals change nothing")
    }

    @Test func sighupReloadsTheFileAndABrokenFileKeepsTheRulesetInForce() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sg-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("rules.json")
        try FileManager.default.copyItem(at: Self.testRules, to: file)
        let bed = try CarrierTestBed(environment: ["SMARTGATE_RISK_RULES_FILE": file.path])
        defer { bed.close() }
        try Data("{\"format\": 1, \"version\": ".utf8).write(to: file)
        bed.daemon.child.signal(SIGHUP)
        #expect(eventually(10) { bed.daemon.log.contains("risk ruleset reload refused") })
        #expect(bed.daemon.isRunning)
        #expect(try bed.post(body: DeclarationBody.valid(hsCode: "08045020")).object["lane"] as? String == "green")
        try Data(try Self.strictRuleset(version: "test.3").utf8).write(to: file)
        bed.daemon.child.signal(SIGHUP)
        #expect(eventually(10) { bed.daemon.log.contains("risk ruleset reloaded") })
        #expect(try bed.post(body: DeclarationBody.valid(variant: 1, hsCode: "08045020")).object["lane"] as? String == "red")
    }

    @Test func auditVerifyPassesAnIntactChainAndNamesTheFirstEntryTamperedWithInSQL() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let customs = try bed.addOfficer("Customs", role: "customs")
        let id = try #require(try bed.post(body: DeclarationBody.valid()).id)
        #expect(try bed.call("POST", "/v1/declarations/\(id)/claim", token: customs).status == 201)
        #expect(try bed.call("POST", "/v1/declarations/\(id)/inspections", token: customs, json: #"{"result": "documents_ok"}"#).status == 201)
        let entries = try bed.count("SELECT count(*) AS n FROM audit_log")
        // Ruleset loaded, carrier created, officer created, submitted, claimed, inspected.
        #expect(entries == 6)
        let intact = try CarrierTestBed.smartgate(["audit", "verify"], databaseURL: bed.db.url)
        #expect(intact.status == 0)
        #expect(intact.stdout.contains("intact: all 6 entries verify"))

        let connection = try bed.db.connect()
        defer { connection.close() }
        // The daemon's statements cannot rewrite history.
        #expect(throws: (any Error).self) { try connection.query("UPDATE audit_log SET actor = 'nobody' WHERE seq = 4") }
        #expect(throws: (any Error).self) { try connection.query("DELETE FROM audit_log WHERE seq = 6") }
        #expect(throws: (any Error).self) { try connection.query("UPDATE audit_head SET seq = 5") }
        // A superuser bypassing the triggers can, and verify finds it.
        try connection.simpleQuery("""
            SET session_replication_role = replica;
            UPDATE audit_log SET details = jsonb_set(details, '{lane}', '"green"') WHERE seq = 4;
            SET session_replication_role = origin;
            """)
        let tampered = try CarrierTestBed.smartgate(["audit", "verify"], databaseURL: bed.db.url)
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("broken at entry 4"))
    }

    @Test func removingTheLastEntriesIsDetectedByTheHead() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        _ = try bed.post(body: DeclarationBody.valid())
        let connection = try bed.db.connect()
        defer { connection.close() }
        try connection.simpleQuery("""
            SET session_replication_role = replica;
            DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log);
            SET session_replication_role = origin;
            """)
        let result = try CarrierTestBed.smartgate(["audit", "verify"], databaseURL: bed.db.url)
        #expect(result.status == 1)
        #expect(result.stdout.contains("removed from the end"))
    }
}
