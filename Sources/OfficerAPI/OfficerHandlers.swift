import AuditTrail
import CarrierAPI
import Customs
import DeclarationStore
import Foundation
import HTTPServer
import LaneStore

/// The officers' endpoints (Docs/openapi.yaml, Docs/risk.md). Each authenticates and checks the
/// role first, then acts through the lane store. Blocking: registered on the worker pool.
public struct OfficerHandlers: Sendable {
    let lanes: LaneStore
    let traders: TraderRegister
    let registry: RulesetRegistry
    let authenticator: OfficerAuthenticator
    let clock: CrossingClock

    public init(lanes: LaneStore, traders: TraderRegister, registry: RulesetRegistry, authenticator: OfficerAuthenticator,
                clock: CrossingClock = CrossingClock()) {
        self.lanes = lanes
        self.traders = traders
        self.registry = registry
        self.authenticator = authenticator
        self.clock = clock
    }

    static let everyone = Set(OfficerRole.allCases)
    static let inspectors: Set<OfficerRole> = [.customs, .quarantine, .supervisor]
    static let supervisors: Set<OfficerRole> = [.supervisor]

    // MARK: Reading

    /// `GET /v1/declarations/{id}/decision[?replay=true]`.
    func decision(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        _ = try authenticator.officer(for: request)
        let id = try Self.declarationID(request)
        try Self.onlyParameters(request, ["replay"])
        let replay: Bool
        switch request.query["replay"] {
        case nil, "false": replay = false
        case "true": replay = true
        default: throw Self.badParameter("replay", "must be true or false")
        }
        let view = try call { () throws(LaneStoreError) in try lanes.decision(declarationID: id) }
        guard case .object(var object) = view.jsonValue() else { return DeclarationHandlers.json(.ok, view.jsonValue()) }
        if replay {
            object["replay"] = try replayed(view)
        }
        return DeclarationHandlers.json(.ok, .object(object))
    }

    /// Runs the engine again on the stored inputs: the version's document, the ruleset of the
    /// decision's version, the stored trader profile, seed and time.
    private func replayed(_ view: DecisionView) throws(HTTPError) -> JSONValue {
        let stored = view.decision
        let ruleset = try call { () throws(LaneStoreError) in try registry.ruleset(version: stored.rulesetVersion) }
        let decidedOn = CrossingClock.vietnameseDate(at: Timestamp(microseconds: stored.decidedAt.millisecondsSince1970 * 1000))
        let declaration: Declaration
        switch DeclarationIntake.validate(view.document.removingRecordFields(), today: decidedOn) {
        case .success(let value): declaration = value
        case .failure(let failure):
            return ["matches": .bool(false), "error": .string("the stored document no longer validates: \(failure)")]
        }
        let again = RiskEngine.decide(declaration, trader: stored.trader, ruleset: ruleset, seed: stored.seed, at: stored.decidedAt)
        return [
            "lane": .string(again.lane.rawValue),
            "score": .number(JSONNumber(again.score)),
            "firedRules": .array(again.firedRules.map { .string($0.ruleID) }),
            "rulesetVersion": .string(ruleset.version),
            "matches": .bool(again == stored),
        ]
    }

    /// `GET /v1/queues/{lane}` for yellow and red.
    func queue(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        _ = try authenticator.officer(for: request)
        guard let text = request.pathParameters["lane"], let lane = Lane(rawValue: text), lane != .green else {
            throw HTTPError(.notFound, code: "queue_not_found", detail: "The queues are /v1/queues/yellow and /v1/queues/red (green is released at once).")
        }
        try Self.onlyParameters(request, ["crossing", "direction", "after", "limit"])
        var filter = QueueFilter()
        if let value = request.query["crossing"] {
            guard let crossing = Crossing(rawValue: value) else {
                throw Self.badParameter("crossing", "must be one of " + Crossing.allCases.map(\.rawValue).joined(separator: ", "))
            }
            filter.crossing = crossing
        }
        if let value = request.query["direction"] {
            guard let direction = Direction(rawValue: value) else { throw Self.badParameter("direction", "must be export or import") }
            filter.direction = direction
        }
        if let value = request.query["after"] {
            guard let cursor = QueueCursor(token: value) else {
                throw Self.badParameter("after", "is not a cursor from this API (use nextCursor from the previous page)")
            }
            filter.after = cursor
        }
        if let value = request.query["limit"] {
            guard value.utf8.count <= 3, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let limit = Int(value), (1...200).contains(limit) else {
                throw Self.badParameter("limit", "must be an integer from 1 to 200")
            }
            filter.limit = limit
        }
        let page = try call { () throws(LaneStoreError) in try lanes.queue(lane, filter: filter) }
        return DeclarationHandlers.json(.ok, ["lane": .string(lane.rawValue), "items": .array(page.items),
                                              "nextCursor": page.next.map { .string($0.token) } ?? .null])
    }

    // MARK: Acting

    /// `POST /v1/declarations/{id}/claim`.
    func claim(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let officer = try authenticator.officer(for: request, roles: Self.inspectors, action: "claim declarations")
        let id = try Self.declarationID(request)
        let outcome = try call { () throws(LaneStoreError) in try lanes.claim(declarationID: id, by: officer, at: clock.now()) }
        return DeclarationHandlers.json(outcome.alreadyHeld ? .ok : .created, [
            "declarationId": .string(id.uuidString.lowercased()), "officer": .string(officer.name),
            "claimedAt": .string(outcome.claimedAt),
        ])
    }

    /// `POST /v1/declarations/{id}/inspections` with `{"result", "findings"}`.
    func inspection(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let officer = try authenticator.officer(for: request, roles: Self.inspectors, action: "record inspection results")
        let id = try Self.declarationID(request)
        let body = try RequestBody.object(request, required: ["result"], optional: ["findings"])
        let result: InspectionResult = try RequestBody.choice(body, "result")
        let findings = try RequestBody.text(body, "findings", required: result.isFinding, minLength: result.isFinding ? 10 : 0, maxLength: 4000,
                                            missingDetail: "A \(result.rawValue) needs findings: what was found, at least 10 characters.")
        guard let kind = officer.role.inspectionKind else {
            throw HTTPError(.forbidden, code: "role_not_allowed", detail: "A \(officer.role.rawValue) officer records no inspection results.")
        }
        let outcome = try call { () throws(LaneStoreError) in
            try lanes.recordInspection(declarationID: id, by: officer, kind: kind, result: result, findings: findings ?? "", at: clock.now())
        }
        traders.forget(taxCode: outcome.traderTaxCode)
        var response = DeclarationHandlers.json(.created, [
            "id": .string(outcome.inspectionID.uuidString.lowercased()),
            "declarationId": .string(id.uuidString.lowercased()),
            "kind": .string(kind.rawValue), "result": .string(result.rawValue), "findings": .string(findings ?? ""),
            "officer": .string(officer.name), "status": .string(outcome.status.rawValue),
        ])
        response.headers.set(name: "Location", value: "/v1/declarations/\(id.uuidString.lowercased())/decision")
        return response
    }

    /// `POST /v1/declarations/{id}/override` with `{"lane", "reasonCode", "reason"}` (supervisors).
    func override(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let officer = try authenticator.officer(for: request, roles: Self.supervisors, action: "override a lane")
        let id = try Self.declarationID(request)
        let body = try RequestBody.object(request, required: ["lane", "reasonCode", "reason"])
        let lane: Lane = try RequestBody.choice(body, "lane")
        let code: OverrideReason = try RequestBody.choice(body, "reasonCode")
        let reason = try RequestBody.text(body, "reason", required: true, minLength: 10, maxLength: 2000,
                                          missingDetail: "An override needs a reason of at least 10 characters; it is kept in the audit trail.") ?? ""
        let changed = try call { () throws(LaneStoreError) in
            try lanes.override(declarationID: id, by: officer, to: lane, reason: code, text: reason, at: clock.now())
        }
        return DeclarationHandlers.json(.ok, [
            "declarationId": .string(id.uuidString.lowercased()), "from": .string(changed.from.rawValue),
            "lane": .string(lane.rawValue), "status": .string(changed.status.rawValue),
            "reasonCode": .string(code.rawValue), "reason": .string(reason), "officer": .string(officer.name),
        ])
    }

    /// `PUT /v1/traders/{taxCode}/authorised-operator` with `{"authorised", "reference"}` (supervisors).
    func authorisedOperator(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let officer = try authenticator.officer(for: request, roles: Self.supervisors, action: "change a trader's authorised-operator status")
        let taxCode = request.pathParameters["taxCode"] ?? ""
        guard TaxCode.isValid(taxCode) else {
            throw HTTPError(.notFound, code: "trader_not_found", detail: "\(taxCode) is neither a Vietnamese tax code (MST) nor a Chinese credit code.")
        }
        let body = try RequestBody.object(request, required: ["authorised", "reference"])
        guard case .bool(let authorised)? = body["authorised"] else {
            throw OfficerProblems.invalidField("/authorised", code: "invalid_field", "authorised must be true or false")
        }
        let reference = try RequestBody.text(body, "reference", required: true, minLength: 3, maxLength: 200,
                                             missingDetail: "Give the reference of the AEO certificate or decision.") ?? ""
        let profile = try call { () throws(LaneStoreError) in
            try traders.setAuthorisedOperator(taxCode: taxCode, authorised, reference: reference, by: officer)
        }
        return DeclarationHandlers.json(.ok, [
            "taxCode": .string(taxCode), "authorisedOperator": .bool(profile.isAuthorisedOperator),
            "complianceLevel": .number(JSONNumber(profile.complianceLevel.rawValue)), "findings": .number(JSONNumber(profile.findingsCount)),
        ])
    }

    // MARK: Statistics, audit, ruleset

    /// `GET /v1/risk/rules/stats` (customs and supervisors).
    func ruleStatistics(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        _ = try authenticator.officer(for: request, roles: [.customs, .supervisor], action: "read rule statistics")
        try Self.onlyParameters(request, [])
        let current = registry.current
        let rules = try call { () throws(LaneStoreError) in try lanes.ruleStatistics(current: current) }
        return DeclarationHandlers.json(.ok, ["rulesetVersion": current.map { .string($0.version) } ?? .null, "rules": .array(rules)])
    }

    /// `GET /v1/stats/lanes?from=&to=` (dates at the crossing; `to` exclusive; at most 366 days).
    func laneStatistics(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        _ = try authenticator.officer(for: request)
        try Self.onlyParameters(request, ["from", "to"])
        let today = CrossingClock.vietnameseDate(at: clock.now())
        func date(_ name: String, default value: CalendarDate) throws(HTTPError) -> CalendarDate {
            guard let text = request.query[name] else { return value }
            guard let date = CalendarDate(iso8601: text) else { throw Self.badParameter(name, "must be a date, 2026-11-22") }
            return date
        }
        let to = try date("to", default: CalendarDate(daysSinceEpoch: today.daysSinceEpoch + 1)!)
        let from = try date("from", default: CalendarDate(daysSinceEpoch: to.daysSinceEpoch - 7)!)
        guard from < to, to.daysSinceEpoch - from.daysSinceEpoch <= 366 else {
            throw Self.badParameter("from", "must be before to, and the range at most 366 days")
        }
        let days = try call { () throws(LaneStoreError) in try lanes.laneStatistics(from: from, to: to) }
        return DeclarationHandlers.json(.ok, ["from": .string(from.description), "to": .string(to.description), "days": .array(days)])
    }

    /// `GET /v1/audit?declaration=<id>` (supervisors).
    func audit(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        _ = try authenticator.officer(for: request, roles: Self.supervisors, action: "read the audit trail")
        try Self.onlyParameters(request, ["declaration"])
        guard let text = request.query["declaration"], let id = UUID(uuidString: text) else {
            throw Self.badParameter("declaration", "is required: the declaration's id")
        }
        let entries: [AuditEntry]
        do {
            entries = try AuditTrail.entries(forDeclaration: id, pool: lanes.pool)
        } catch {
            throw OfficerProblems.from(.unavailable("\(error)"))
        }
        return DeclarationHandlers.json(.ok, ["declarationId": .string(id.uuidString.lowercased()), "entries": .array(entries.map { $0.jsonValue() })])
    }

    /// `GET /v1/admin/ruleset`: the version in force.
    func currentRuleset(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        _ = try authenticator.officer(for: request, roles: Self.supervisors, action: "read the ruleset")
        guard let ruleset = registry.current else {
            throw HTTPError(.serviceUnavailable, code: "no_ruleset", detail: "No ruleset is loaded.")
        }
        return DeclarationHandlers.json(.ok, Self.summary(ruleset))
    }

    /// `PUT /v1/admin/ruleset` with a ruleset document (supervisors): validated, recorded and put in
    /// force at once; refused with every problem otherwise, and the old one stays.
    func replaceRuleset(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let officer = try authenticator.officer(for: request, roles: Self.supervisors, action: "replace the ruleset")
        try DeclarationHandlers.requireJSON(request)
        do {
            let ruleset = try registry.install(request.body, actor: officer.actor, source: "PUT /v1/admin/ruleset")
            return DeclarationHandlers.json(.ok, Self.summary(ruleset))
        } catch {
            if case .rulesetRefused(let refusal) = error {
                return OfficerProblems.rulesetRefused(refusal, inForce: registry.current?.version, requestID: request.requestID)
            }
            throw OfficerProblems.from(error)
        }
    }

    static func summary(_ ruleset: RuleSet) -> JSONValue {
        ["version": .string(ruleset.version), "rules": .number(JSONNumber(ruleset.rules.count)),
         "description": ruleset.description.map { .string($0) } ?? .null]
    }

    // MARK: Helpers

    private func call<T>(_ body: () throws(LaneStoreError) -> T) throws(HTTPError) -> T {
        do {
            return try body()
        } catch {
            throw OfficerProblems.from(error)
        }
    }

    static func declarationID(_ request: HTTPRequest) throws(HTTPError) -> UUID {
        guard let text = request.pathParameters["id"], let id = UUID(uuidString: text) else {
            throw OfficerProblems.from(.notFound)
        }
        return id
    }

    static func onlyParameters(_ request: HTTPRequest, _ known: Set<String>) throws(HTTPError) {
        for (name, _) in request.query where !known.contains(name) {
            throw badParameter(name, known.isEmpty ? "is not a parameter here (there are none)"
                                                   : "is not a parameter here (known: \(known.sorted().joined(separator: ", ")))")
        }
        for name in known where request.query.values(for: name).count > 1 {
            throw badParameter(name, "is given more than once")
        }
    }

    static func badParameter(_ name: String, _ reason: String) -> HTTPError {
        HTTPError(.badRequest, code: "invalid_parameter", detail: "Query parameter \(name) \(reason).", extra: ["parameter": name])
    }
}

extension JSONValue {
    /// The document without the record's own members (id, status, …) that the API adds.
    func removingRecordFields() -> JSONValue {
        guard case .object(var object) = self else { return self }
        for key in ["id", "status", "lane", "version", "createdAt", "updatedAt", "cancelledAt", "releasedAt"] { object[key] = nil }
        return .object(object)
    }
}
