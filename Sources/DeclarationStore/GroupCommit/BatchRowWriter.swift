import Customs
import TLS

/// The group commit's batch row (`PendingDeclaration.batchRow()`) written straight from the typed
/// declaration and decision, in jsonb's key order, with no JSON tree in between: building the
/// row's tree and serialising it in that order was a fifth of the daemon's instructions a
/// declaration under the carrier load (callgrind, Docs/benchmarks.md, 2026-12-04). The bytes are
/// those `batchRow().serialized(orderingKeysBy: JSONBKeyOrder.precedes)` writes (a test compares
/// them); each object's members are listed here in that order: shorter keys first, keys of one
/// length by their bytes.
struct BatchRowWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    // MARK: The row

    mutating func write(_ pending: PendingDeclaration, declaration: Declaration) {
        let decision = pending.decision
        let status = pending.status
        let carrier = pending.carrierID.uuidString.lowercased()
        open()
        key("id", first: true); string(pending.id.uuidString.lowercased())
        key("lane"); string(decision.lane.rawValue)
        key("actor"); string("carrier:" + carrier)
        key("audit"); audit(decision, status: status)
        key("fired"); array(decision.firedRules) { $0.string($1.ruleID) }
        key("score"); integer(decision.score)
        key("status"); string(status.rawValue)
        key("decision"); self.decision(decision)
        key("document"); document(declaration)
        if let apiKeyID = pending.apiKeyID { key("api_key_id"); string(apiKeyID) }
        key("carrier_id"); string(carrier)
        key("created_at"); string(pending.createdAt.description)
        key("decided_at"); string(decision.decidedAt.description)
        if let idempotency = pending.idempotency { key("response_body"); string(idempotency.responseBody) }
        if let partnerKeyID = pending.partnerKeyID { key("partner_key_id"); string(partnerKeyID) }
        if let idempotency = pending.idempotency {
            key("request_sha256"); string(Digest.hex(idempotency.requestSHA256))
            key("idempotency_key"); string(idempotency.key)
        }
        key("ruleset_version"); string(decision.rulesetVersion)
        close()
    }

    /// `PendingDeclaration.auditDetails(version: 1, …)`.
    private mutating func audit(_ decision: LaneDecision, status: DeclarationStatus) {
        open()
        key("lane", first: true); string(decision.lane.rawValue)
        key("score"); integer(decision.score)
        key("status"); string(status.rawValue)
        key("version"); integer(1)
        key("firedRules"); array(decision.firedRules) { $0.string($1.ruleID) }
        key("rulesetVersion"); string(decision.rulesetVersion)
        key("randomlySelected"); bool(decision.randomSelection.escalatedTo != nil)
        close()
    }

    // MARK: The decision (`LaneDecision.jsonValue()`)

    private mutating func decision(_ decision: LaneDecision) {
        open()
        key("lane", first: true); string(decision.lane.rawValue)
        key("seed"); string(Self.hex(decision.seed))
        key("score"); integer(decision.score)
        key("trader")
        open()
        key("findings", first: true); integer(decision.trader.findingsCount)
        key("complianceLevel"); integer(decision.trader.complianceLevel.rawValue)
        key("authorisedOperator"); bool(decision.trader.isAuthorisedOperator)
        close()
        key("ruleLane"); string(decision.ruleLane.rawValue)
        key("decidedAt"); string(decision.decidedAt.description)
        key("firedRules"); array(decision.firedRules) { $0.firedRule($1) }
        key("rulesetVersion"); string(decision.rulesetVersion)
        key("randomSelection")
        let random = decision.randomSelection
        open()
        key("draw", first: true); number("\(random.draw)")
        key("toRed"); number("\(random.toRed)")
        key("toYellow"); number("\(random.toYellow)")
        key("escalatedTo")
        if let lane = random.escalatedTo { string(lane.rawValue) } else { raw("null") }
        close()
        close()
    }

    private mutating func firedRule(_ rule: FiredRule) {
        open()
        var first = true
        if case .lane(let lane) = rule.outcome { key("lane", first: true); string(lane.rawValue); first = false }
        key("task", first: first); string(rule.task)
        if case .score(let score) = rule.outcome { key("score"); integer(score) }
        if let detail = rule.detail { key("detail"); string(detail) }
        key("reason"); string(rule.reason)
        key("ruleId"); string(rule.ruleID)
        if let line = rule.goodsLine { key("goodsLine"); integer(line) }
        close()
    }

    /// `LaneDecision`'s seed: 16 hex digits.
    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.utf8.count) + digits
    }

    // MARK: The document (`Declaration.jsonValue()`)

    private mutating func document(_ d: Declaration) {
        open()
        key("goods", first: true); array(d.goods) { $0.goodsLine($1) }
        if let driver = d.driver { key("driver"); self.driver(driver) }
        key("trader")
        open()
        key("name", first: true); string(d.trader.name)
        key("country"); string(d.trader.country)
        key("taxCode"); string(d.trader.taxCode)
        close()
        key("vehicle"); vehicle(d.vehicle)
        key("crossing"); string(d.crossing.rawValue)
        key("direction"); string(d.direction.rawValue)
        key("quarantine"); quarantine(d.quarantine)
        if let remote = d.remoteOperator {
            key("remoteOperator")
            open()
            key("name", first: true); string(remote.name)
            if let email = remote.email { key("email"); string(email) }
            if let phone = remote.phone { key("phone"); string(phone) }
            key("organisation"); string(remote.organisation)
            key("licenceNumber"); string(remote.licenceNumber)
            close()
        }
        key("plannedCrossingOn"); string(d.plannedCrossingOn.description)
        close()
    }

    private mutating func goodsLine(_ line: GoodsLine) {
        open()
        key("unit", first: true); string(line.unit)
        key("netKg"); number(line.netKg.description)
        key("value"); number(line.value.description)
        key("hsCode"); string(line.hsCode)
        key("origin"); string(line.origin)
        key("grossKg"); number(line.grossKg.description)
        key("currency"); string(line.currency)
        key("quantity"); number(line.quantity.description)
        key("description"); string(line.description)
        close()
    }

    private mutating func driver(_ driver: Driver) {
        open()
        key("licence", first: true)
        open()
        key("class", first: true); string(driver.licence.licenceClass)
        key("number"); string(driver.licence.number)
        key("expiresOn"); string(driver.licence.expiresOn.description)
        close()
        key("document")
        open()
        key("type", first: true); string(driver.document.type.rawValue)
        key("number"); string(driver.document.number)
        if let expiresOn = driver.document.expiresOn { key("expiresOn"); string(expiresOn.description) }
        close()
        key("fullName"); string(driver.fullName)
        key("birthDate"); string(driver.birthDate.description)
        key("nationality"); string(driver.nationality)
        close()
    }

    private mutating func vehicle(_ vehicle: Vehicle) {
        open()
        key("kind", first: true); string(vehicle.kind.rawValue)
        key("plate"); string(vehicle.plate)
        key("containers")
        array(vehicle.containers) { writer, container in
            writer.open()
            if let seal = container.seal {
                writer.key("seal", first: true); writer.string(seal)
                writer.key("number")
            } else {
                writer.key("number", first: true)
            }
            writer.string(container.number)
            writer.close()
        }
        key("plateCountry"); string(vehicle.plateCountry)
        if let trailer = vehicle.trailerPlate { key("trailerPlate"); string(trailer) }
        close()
    }

    private mutating func quarantine(_ quarantine: Quarantine) {
        open()
        key("certificates", first: true)
        array(quarantine.certificates) { writer, certificate in
            writer.open()
            writer.key("kind", first: true); writer.string(certificate.kind.rawValue)
            writer.key("issuer"); writer.string(certificate.issuer)
            writer.key("number"); writer.string(certificate.number)
            writer.key("country"); writer.string(certificate.country)
            writer.key("issuedOn"); writer.string(certificate.issuedOn.description)
            writer.key("expiresOn"); writer.string(certificate.expiresOn.description)
            writer.key("goodsLines"); writer.array(certificate.goodsLines) { $0.integer($1) }
            writer.close()
        }
        if let health = quarantine.driverHealth {
            key("driverHealth")
            open()
            key("fever", first: true); bool(health.fever)
            key("symptoms"); array(health.symptoms) { $0.string($1.rawValue) }
            key("declaredOn"); string(health.declaredOn.description)
            close()
        }
        close()
    }

    // MARK: Pieces

    private mutating func open() { bytes.append(UInt8(ascii: "{")) }
    private mutating func close() { bytes.append(UInt8(ascii: "}")) }

    /// A member's key (keys here need no escaping) and its colon.
    private mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func raw(_ text: StaticString) { text.withUTF8Buffer { bytes.append(contentsOf: $0) } }
    private mutating func string(_ value: String) { JSONValue.appendString(value, to: &bytes) }
    private mutating func number(_ text: String) { bytes.append(contentsOf: text.utf8) }
    private mutating func integer(_ value: Int) { number(String(value)) }
    private mutating func bool(_ value: Bool) { if value { raw("true") } else { raw("false") } }

    private mutating func array<T>(_ elements: [T], _ element: (inout BatchRowWriter, T) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            element(&self, value)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
