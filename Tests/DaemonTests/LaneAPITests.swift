import Foundation
import Testing
import TestSupport

/// Lanes and the officers' API through the real daemon and PostgreSQL, with the deterministic
/// ruleset in Tests/Rulesets/test-rules.json (durian yellow, watched plate red, mango green).
@Suite struct LaneAPITests {
    static let mango = "08045020"

    @Test func everyDeclarationGetsItsLaneWhenStoredAndGreenIsReleasedAtOnce() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let officer = try bed.addOfficer("Customs Officer", role: "customs")
        let green = try bed.post(body: DeclarationBody.valid(hsCode: Self.mango))
        #expect(green.status == 201)
        #expect(green.object["lane"] as? String == "green")
        #expect(green.object["status"] as? String == "released")
        #expect(green.object["releasedAt"] as? String == green.object["createdAt"] as? String)
        let yellow = try bed.post(body: DeclarationBody.valid())
        #expect(yellow.object["lane"] as? String == "yellow")
        #expect(yellow.object["status"] as? String == "awaiting_documents")
        let red = try bed.post(body: DeclarationBody.valid(plate: "12C-99999"))
        #expect(red.object["lane"] as? String == "red")
        #expect(red.object["status"] as? String == "awaiting_inspection")
        // Carriers see the lane, never why.
        #expect(red.object["decision"] == nil)

        let explained = try bed.call("GET", "/v1/declarations/\(try #require(red.id))/decision?replay=true", token: officer)
        #expect(explained.status == 200)
        let decision = try #require(explained.object["decision"] as? [String: Any])
        let fired = try #require(decision["firedRules"] as? [[String: Any]])
        #expect(fired.map { $0["ruleId"] as? String } == ["durian-documents", "watched-plate"])
        #expect(fired[1]["task"] as? String == "X-ray and open the load.")
        #expect(decision["rulesetVersion"] as? String == "test.1")
        #expect((decision["seed"] as? String)?.count == 16)
        let replay = try #require(explained.object["replay"] as? [String: Any])
        #expect(replay["matches"] as? Bool == true)
        #expect(replay["lane"] as? String == "red")
    }

    @Test func queuesListOldestFirstFilteredByCrossingAndPaginated() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let officer = try bed.addOfficer("Queue Reader", role: "border_guard")
        var ids: [String] = []
        for variant in 0..<5 { ids.append(try #require(try bed.post(body: DeclarationBody.valid(variant: variant)).id)) }
        _ = try bed.post(body: DeclarationBody.valid(variant: 9, crossing: "TAN_THANH"))
        _ = try bed.post(body: DeclarationBody.valid(variant: 10, plate: "12C-99999"))
        var seen: [String] = []
        var path = "/v1/queues/yellow?crossing=HUU_NGHI&limit=2"
        while true {
            let page = try bed.call("GET", path, token: officer)
            #expect(page.status == 200)
            let items = try #require(page.object["items"] as? [[String: Any]])
            #expect(items.count <= 2)
            seen += items.compactMap { $0["id"] as? String }
            guard let next = page.object["nextCursor"] as? String else { break }
            path = "/v1/queues/yellow?crossing=HUU_NGHI&limit=2&after=\(next)"
        }
        #expect(seen == ids)
        let red = try bed.call("GET", "/v1/queues/red", token: officer)
        #expect((red.object["items"] as? [Any])?.count == 1)
        #expect(try bed.call("GET", "/v1/queues/green", token: officer).status == 404)
        #expect(try bed.call("GET", "/v1/queues/yellow?crossing=MONG_CAI", token: officer).status == 400)
        #expect(try bed.call("GET", "/v1/queues/yellow?colour=red", token: officer).status == 400)
    }

    @Test func twoOfficersRacingForOneDeclarationLeaveOneHolder() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let first = try bed.addOfficer("Officer One", role: "customs")
        let second = try bed.addOfficer("Officer Two", role: "quarantine")
        for variant in 0..<5 {
            let id = try #require(try bed.post(body: DeclarationBody.valid(variant: variant)).id)
            let answers = onThreads(2) { index in
                (try? bed.call("POST", "/v1/declarations/\(id)/claim", token: index == 0 ? first : second))?.status ?? 0
            }
            #expect(answers.sorted() == [201, 409], "declaration \(variant): \(answers)")
            #expect(try bed.count("SELECT count(*) AS n FROM claims WHERE declaration_id = '\(id)'") == 1)
        }
        // A repeated claim by the holder is answered again, not refused.
        let id = try #require(try bed.post(body: DeclarationBody.valid(variant: 50)).id)
        #expect(try bed.call("POST", "/v1/declarations/\(id)/claim", token: first).status == 201)
        #expect(try bed.call("POST", "/v1/declarations/\(id)/claim", token: first).status == 200)
        let refused = try bed.call("POST", "/v1/declarations/\(id)/claim", token: second)
        #expect(refused.object["code"] as? String == "claimed_by_another_officer")
        #expect(refused.object["claimedBy"] as? String == "Officer One")
    }

    @Test func rolesAndCredentialsAreCheckedBothWays() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let guardToken = try bed.addOfficer("Border Guard", role: "border_guard")
        let customs = try bed.addOfficer("Customs", role: "customs")
        let quarantine = try bed.addOfficer("Quarantine", role: "quarantine")
        let supervisor = try bed.addOfficer("Supervisor", role: "supervisor")
        let id = try #require(try bed.post(body: DeclarationBody.valid()).id)
        // Carriers' keys never reach officer routes; officers' tokens never submit declarations.
        #expect(try bed.call("GET", "/v1/declarations/\(id)/decision", token: bed.key).status == 401)
        #expect(try bed.call("GET", "/v1/queues/yellow", token: bed.key).status == 401)
        #expect(try bed.post(body: DeclarationBody.valid(variant: 1), key: customs).status == 401)
        #expect(try bed.call("GET", "/v1/declarations/\(id)", token: supervisor).status == 401)
        #expect(try bed.call("GET", "/v1/queues/yellow", token: "sgo_aaaaaaaaaaaa_" + String(repeating: "0", count: 64)).status == 401)
        // The border guard reads but does not act.
        #expect(try bed.call("GET", "/v1/declarations/\(id)/decision", token: guardToken).status == 200)
        let guardClaim = try bed.call("POST", "/v1/declarations/\(id)/claim", token: guardToken)
        #expect(guardClaim.status == 403)
        #expect(guardClaim.object["code"] as? String == "role_not_allowed")
        // Only supervisors override, read the audit trail and change the ruleset.
        let override = #"{"lane": "red", "reasonCode": "intelligence", "reason": "Tip-off from the border guard post"}"#
        #expect(try bed.call("POST", "/v1/declarations/\(id)/override", token: customs, json: override).status == 403)
        #expect(try bed.call("GET", "/v1/audit?declaration=\(id)", token: quarantine).status == 403)
        #expect(try bed.call("GET", "/v1/admin/ruleset", token: customs).status == 403)
        #expect(try bed.call("GET", "/v1/risk/rules/stats", token: quarantine).status == 403)
        #expect(try bed.call("POST", "/v1/declarations/\(id)/override", token: supervisor, json: override).status == 200)
        #expect(try bed.call("GET", "/v1/audit?declaration=\(id)", token: supervisor).status == 200)
        // A revoked token stops at once.
        #expect(try CarrierTestBed.smartgate(["officer", "revoke", "Customs"], databaseURL: bed.db.url).status == 0)
        #expect(try bed.call("GET", "/v1/queues/red", token: customs).status == 401)
    }

    @Test func inspectionResultsReleaseOrHoldAndOnlyTheClaimingOfficerRecordsThem() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let customs = try bed.addOfficer("Customs", role: "customs")
        let other = try bed.addOfficer("Other Customs", role: "customs")
        let quarantine = try bed.addOfficer("Plant Quarantine", role: "quarantine")
        let id = try #require(try bed.post(body: DeclarationBody.valid()).id)
        let ok = #"{"result": "documents_ok"}"#
        #expect(try bed.call("POST", "/v1/declarations/\(id)/inspections", token: customs, json: ok).object["code"] as? String == "claim_required")
        // Quarantine first: its clearance leaves the declaration for customs.
        #expect(try bed.call("POST", "/v1/declarations/\(id)/claim", token: quarantine).status == 201)
        let cleared = try bed.call("POST", "/v1/declarations/\(id)/inspections", token: quarantine, json: ok)
        #expect(cleared.status == 201)
        #expect(cleared.object["kind"] as? String == "quarantine")
        #expect(cleared.object["status"] as? String == "awaiting_documents")
        #expect(try bed.call("POST", "/v1/declarations/\(id)/claim", token: customs).status == 201)
        #expect(try bed.call("POST", "/v1/declarations/\(id)/inspections", token: other, json: ok).status == 409)
        let noFindings = try bed.call("POST", "/v1/declarations/\(id)/inspections", token: customs, json: #"{"result": "discrepancy"}"#)
        #expect(noFindings.status == 422)
        #expect(noFindings.object["code"] as? String == "findings_required")
        #expect(noFindings.object["pointer"] as? String == "/findings")
        #expect(try bed.call("POST", "/v1/declarations/\(id)/inspections", token: customs, json: #"{"result": "lost"}"#).status == 422)
        #expect(try bed.call("POST", "/v1/declarations/\(id)/inspections", token: customs, json: #"{"result": "documents_ok", "colour": 1}"#).status == 422)
        let released = try bed.call("POST", "/v1/declarations/\(id)/inspections", token: customs, json: ok)
        #expect(released.status == 201)
        #expect(released.object["status"] as? String == "released")
        #expect(try bed.get("/v1/declarations/\(id)").object["status"] as? String == "released")
        // Released: no further claims; the carrier can no longer amend.
        #expect(try bed.call("POST", "/v1/declarations/\(id)/claim", token: customs).status == 409)
        #expect(try bed.post("/v1/declarations/\(id)/amendments", body: DeclarationBody.valid(variant: 1)).status == 409)

        let held = try #require(try bed.post(body: DeclarationBody.valid(variant: 2)).id)
        #expect(try bed.call("POST", "/v1/declarations/\(held)/claim", token: customs).status == 201)
        // While claimed the carrier cannot pull it away.
        let claimedCancel = try bed.post("/v1/declarations/\(held)/cancel", body: [])
        #expect(claimedCancel.status == 409)
        #expect(claimedCancel.object["code"] as? String == "declaration_claimed")
        let seized = try bed.call("POST", "/v1/declarations/\(held)/inspections", token: customs,
                                  json: #"{"result": "seized", "findings": "Undeclared second layer of cartons behind the durian"}"#)
        #expect(seized.object["status"] as? String == "held")
    }

    @Test func anOverrideNeedsAReasonCodeAndTextAndMovesTheDeclarationToItsNewQueue() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let supervisor = try bed.addOfficer("Supervisor", role: "supervisor")
        let id = try #require(try bed.post(body: DeclarationBody.valid()).id)
        let missing = try bed.call("POST", "/v1/declarations/\(id)/override", token: supervisor, json: #"{"lane": "red", "reasonCode": "intelligence"}"#)
        #expect(missing.status == 422)
        #expect(missing.object["pointer"] as? String == "/reason")
        let short = try bed.call("POST", "/v1/declarations/\(id)/override", token: supervisor, json: #"{"lane": "red", "reasonCode": "intelligence", "reason": "tip"}"#)
        #expect(short.object["code"] as? String == "reason_required")
        let badCode = try bed.call("POST", "/v1/declarations/\(id)/override", token: supervisor, json: #"{"lane": "red", "reasonCode": "whim", "reason": "Because I feel like it today"}"#)
        #expect(badCode.object["code"] as? String == "invalid_reason_code")
        #expect(try bed.count("SELECT count(*) AS n FROM lane_overrides") == 0)
        let same = try bed.call("POST", "/v1/declarations/\(id)/override", token: supervisor, json: #"{"lane": "yellow", "reasonCode": "intelligence", "reason": "Tip-off from the border guard post"}"#)
        #expect(same.object["code"] as? String == "same_lane")
        let moved = try bed.call("POST", "/v1/declarations/\(id)/override", token: supervisor,
                                 json: #"{"lane": "red", "reasonCode": "intelligence", "reason": "Tip-off from the border guard post"}"#)
        #expect(moved.status == 200)
        #expect(moved.object["status"] as? String == "awaiting_inspection")
        let red = try bed.call("GET", "/v1/queues/red", token: supervisor)
        #expect((red.object["items"] as? [[String: Any]])?.first?["id"] as? String == id)
        let history = try bed.call("GET", "/v1/audit?declaration=\(id)", token: supervisor)
        let actions = (history.object["entries"] as? [[String: Any]])?.compactMap { $0["action"] as? String }
        #expect(actions == ["declaration.submitted", "lane.overridden"])
        let decision = try bed.call("GET", "/v1/declarations/\(id)/decision", token: supervisor)
        #expect(decision.object["lane"] as? String == "red")
        #expect((decision.object["overrides"] as? [[String: Any]])?.first?["reason"] as? String == "Tip-off from the border guard post")
    }

    @Test func aFindingRaisesTheSameTradersLaterDeclarationsAndShowsInRuleStatistics() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let customs = try bed.addOfficer("Customs", role: "customs")
        #expect(try bed.post(body: DeclarationBody.valid(hsCode: Self.mango)).object["lane"] as? String == "green")
        let red = try #require(try bed.post(body: DeclarationBody.valid(variant: 1, plate: "12C-99999")).id)
        #expect(try bed.call("POST", "/v1/declarations/\(red)/claim", token: customs).status == 201)
        #expect(try bed.call("POST", "/v1/declarations/\(red)/inspections", token: customs,
                             json: #"{"result": "discrepancy", "findings": "2,000 kg more durian than declared"}"#).status == 201)
        // Compliance level 3 → 4: the poor-compliance rule (score 30 = yellow) now fires for this trader.
        let later = try bed.post(body: DeclarationBody.valid(variant: 2, hsCode: Self.mango))
        #expect(later.object["lane"] as? String == "yellow")
        let decision = try bed.call("GET", "/v1/declarations/\(try #require(later.id))/decision", token: customs)
        let fired = ((decision.object["decision"] as? [String: Any])?["firedRules"] as? [[String: Any]])?.compactMap { $0["ruleId"] as? String }
        #expect(fired == ["poor-compliance"])
        // Another trader is not affected.
        #expect(try bed.post(body: DeclarationBody.valid(variant: 3, hsCode: Self.mango, taxCode: "0100109106")).object["lane"] as? String == "green")

        let stats = try bed.call("GET", "/v1/risk/rules/stats", token: customs)
        let rules = try #require(stats.object["rules"] as? [[String: Any]])
        let plate = try #require(rules.first { $0["ruleId"] as? String == "watched-plate" })
        #expect(plate["fired"] as? Int == 1)
        #expect(plate["inspected"] as? Int == 1)
        #expect(plate["found"] as? Int == 1)
        #expect(plate["hitRate"] as? Double == 1)
        let never = try #require(rules.first { $0["ruleId"] as? String == "lao-origin" })
        #expect(never["fired"] as? Int == 0)
        #expect(never["hitRate"] is NSNull)
    }

    @Test func laneStatisticsGiveSharesAndTheMedianTimeToRelease() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let officer = try bed.addOfficer("Statistician", role: "border_guard")
        for variant in 0..<3 { _ = try bed.post(body: DeclarationBody.valid(variant: variant, hsCode: Self.mango)) }
        _ = try bed.post(body: DeclarationBody.valid(variant: 5))
        let stats = try bed.call("GET", "/v1/stats/lanes", token: officer)
        #expect(stats.status == 200)
        let day = try #require((stats.object["days"] as? [[String: Any]])?.first)
        #expect(day["crossing"] as? String == "HUU_NGHI")
        #expect(day["declarations"] as? Int == 4)
        #expect((day["green"] as? [String: Any])?["share"] as? Double == 0.75)
        #expect(day["released"] as? Int == 3)
        #expect(day["medianSecondsToRelease"] as? Double == 0)
        #expect(try bed.call("GET", "/v1/stats/lanes?from=2026-13-01", token: officer).status == 400)
    }

    @Test func aSupervisorGrantsAuthorisedOperatorStatusAndItMitigatesTheTradersScore() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let customs = try bed.addOfficer("Customs", role: "customs")
        let supervisor = try bed.addOfficer("Supervisor", role: "supervisor")
        // A finding puts the trader at compliance level 4: the poor-compliance rule (30) makes mangoes yellow.
        let red = try #require(try bed.post(body: DeclarationBody.valid(plate: "12C-99999")).id)
        #expect(try bed.call("POST", "/v1/declarations/\(red)/claim", token: customs).status == 201)
        #expect(try bed.call("POST", "/v1/declarations/\(red)/inspections", token: customs,
                             json: #"{"result": "discrepancy", "findings": "Two pallets more than declared"}"#).status == 201)
        #expect(try bed.post(body: DeclarationBody.valid(variant: 1, hsCode: Self.mango)).object["lane"] as? String == "yellow")
        let grant = #"{"authorised": true, "reference": "AEO-2026-017"}"#
        #expect(try bed.call("PUT", "/v1/traders/4900567896/authorised-operator", token: customs, json: grant).status == 403)
        #expect(try bed.call("PUT", "/v1/traders/12345/authorised-operator", token: supervisor, json: grant).status == 404)
        #expect(try bed.call("PUT", "/v1/traders/4900567896/authorised-operator", token: supervisor,
                             json: #"{"authorised": "yes", "reference": "AEO-2026-017"}"#).status == 422)
        let granted = try bed.call("PUT", "/v1/traders/4900567896/authorised-operator", token: supervisor, json: grant)
        #expect(granted.status == 200)
        #expect(granted.object["authorisedOperator"] as? Bool == true)
        #expect(granted.object["complianceLevel"] as? Int == 4)
        // 30 − 10 = 20: below yellow.
        let later = try bed.post(body: DeclarationBody.valid(variant: 2, hsCode: Self.mango))
        #expect(later.object["lane"] as? String == "green")
        let decision = try bed.call("GET", "/v1/declarations/\(try #require(later.id))/decision", token: customs)
        let fired = ((decision.object["decision"] as? [String: Any])?["firedRules"] as? [[String: Any]])?.compactMap { $0["ruleId"] as? String }
        #expect(fired == ["poor-compliance", "aeo"])
        #expect(try bed.count("SELECT count(*) AS n FROM audit_log WHERE action = 'trader.updated'") == 1)
    }

    @Test func anAmendmentNeverLowersTheLaneSoAnOverrideOrARandomCheckCannotBeWashedAway() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let supervisor = try bed.addOfficer("Supervisor", role: "supervisor")
        let id = try #require(try bed.post(body: DeclarationBody.valid()).id)
        #expect(try bed.call("POST", "/v1/declarations/\(id)/override", token: supervisor,
                             json: #"{"lane": "red", "reasonCode": "intelligence", "reason": "Tip-off from the border guard post"}"#).status == 200)
        // Mangoes alone would be green under the rules; the declaration stays red.
        let amended = try bed.post("/v1/declarations/\(id)/amendments", body: DeclarationBody.valid(variant: 1, hsCode: Self.mango))
        #expect(amended.status == 201)
        #expect(amended.object["lane"] as? String == "red")
        #expect(amended.object["status"] as? String == "awaiting_inspection")
        let decision = try bed.call("GET", "/v1/declarations/\(id)/decision?replay=true", token: supervisor)
        #expect(decision.object["lane"] as? String == "red")
        #expect((decision.object["decision"] as? [String: Any])?["lane"] as? String == "green", "the version's own decision, as the engine made it")
        #expect((decision.object["replay"] as? [String: Any])?["matches"] as? Bool == true)
        // A yellow declaration amended into one the rules send red goes red.
        let other = try #require(try bed.post(body: DeclarationBody.valid(variant: 2)).id)
        let stricter = try bed.post("/v1/declarations/\(other)/amendments", body: DeclarationBody.valid(variant: 3, plate: "12C-99999"))
        #expect(stricter.object["lane"] as? String == "red")
    }
}
