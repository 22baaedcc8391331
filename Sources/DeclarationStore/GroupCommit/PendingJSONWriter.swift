import Customs
import PostgresClient
import TLS

/// The group commit's batch row (`PendingDeclaration.batchRow()`) and the carrier's answer
/// (`record.jsonValue()`) written straight from the typed declaration and decision, with no JSON
/// tree in between: building the row's tree and serialising it in jsonb's key order was a fifth of
/// the daemon's instructions a declaration under the carrier load, the answer's tree a tenth
/// (callgrind, Docs/benchmarks.md, 2026-12-04). The bytes are those the trees serialise to (a test
/// compares them): the row's members in jsonb's order (shorter keys first, keys of one length by
/// their bytes), the answer's in the document's own.
struct PendingJSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    // MARK: The row

    mutating func writeBatchRow(_ pending: PendingDeclaration, declaration: Declaration) {
        let decision = pending.decision
        let status = pending.status
        let carrier = pending.carrierID.lowercasedString
        open()
        key("id"); string(pending.id.lowercasedString)
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
        key("lane"); string(decision.lane.rawValue)
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
        key("lane"); string(decision.lane.rawValue)
        key("seed"); string(LaneDecision.hex(decision.seed))
        key("score"); integer(decision.score)
        key("trader")
        open()
        key("findings"); integer(decision.trader.findingsCount)
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
        key("draw"); number("\(random.draw)")
        key("toRed"); number("\(random.toRed)")
        key("toYellow"); number("\(random.toYellow)")
        key("escalatedTo")
        if let lane = random.escalatedTo { string(lane.rawValue) } else { raw("null") }
        close()
        close()
    }

    private mutating func firedRule(_ rule: FiredRule) {
        open()
        if case .lane(let lane) = rule.outcome { key("lane"); string(lane.rawValue) }
        key("task"); string(rule.task)
        if case .score(let score) = rule.outcome { key("score"); integer(score) }
        if let detail = rule.detail { key("detail"); string(detail) }
        key("reason"); string(rule.reason)
        key("ruleId"); string(rule.ruleID)
        if let line = rule.goodsLine { key("goodsLine"); integer(line) }
        close()
    }

    // MARK: The document (`Declaration.jsonValue()`)

    private mutating func document(_ d: Declaration) {
        open()
        key("goods"); array(d.goods) { $0.goodsLine($1) }
        if let driver = d.driver { key("driver"); self.driver(driver) }
        key("trader")
        open()
        key("name"); string(d.trader.name)
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
            key("name"); string(remote.name)
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
        key("unit"); string(line.unit)
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
        key("licence")
        open()
        key("class"); string(driver.licence.licenceClass)
        key("number"); string(driver.licence.number)
        key("expiresOn"); string(driver.licence.expiresOn.description)
        close()
        key("document"); identityDocument(driver.document)
        key("fullName"); string(driver.fullName)
        key("birthDate"); string(driver.birthDate.description)
        key("nationality"); string(driver.nationality)
        close()
    }

    private mutating func vehicle(_ vehicle: Vehicle) {
        open()
        key("kind"); string(vehicle.kind.rawValue)
        key("plate"); string(vehicle.plate)
        key("containers")
        array(vehicle.containers) { writer, container in
            writer.open()
            if let seal = container.seal { writer.key("seal"); writer.string(seal) }
            writer.key("number"); writer.string(container.number)
            writer.close()
        }
        key("plateCountry"); string(vehicle.plateCountry)
        if let trailer = vehicle.trailerPlate { key("trailerPlate"); string(trailer) }
        close()
    }

    private mutating func quarantine(_ quarantine: Quarantine) {
        open()
        key("certificates")
        array(quarantine.certificates) { $0.certificate($1, jsonbOrder: true) }
        if let health = quarantine.driverHealth {
            key("driverHealth")
            open()
            key("fever"); bool(health.fever)
            key("symptoms"); array(health.symptoms) { $0.string($1.rawValue) }
            key("declaredOn"); string(health.declaredOn.description)
            close()
        }
        close()
    }

    // MARK: The answer (`PendingDeclaration.record.jsonValue().serialized()`), in document order

    mutating func writeAnswer(_ pending: PendingDeclaration, declaration d: Declaration) {
        let created = pending.createdAt.description
        let status = pending.status
        open()
        key("id"); string(pending.id.lowercasedString)
        key("status"); string(status.rawValue)
        key("lane"); string(pending.decision.lane.rawValue)
        key("version"); integer(1)
        key("createdAt"); string(created)
        key("updatedAt"); string(created)
        if status == .released { key("releasedAt"); string(created) }
        key("direction"); string(d.direction.rawValue)
        key("crossing"); string(d.crossing.rawValue)
        key("plannedCrossingOn"); string(d.plannedCrossingOn.description)
        key("trader")
        open()
        key("taxCode"); string(d.trader.taxCode)
        key("name"); string(d.trader.name)
        key("country"); string(d.trader.country)
        close()
        key("vehicle")
        open()
        key("plate"); string(d.vehicle.plate)
        key("plateCountry"); string(d.vehicle.plateCountry)
        if let trailer = d.vehicle.trailerPlate { key("trailerPlate"); string(trailer) }
        key("kind"); string(d.vehicle.kind.rawValue)
        key("containers")
        array(d.vehicle.containers) { writer, container in
            writer.open()
            writer.key("number"); writer.string(container.number)
            if let seal = container.seal { writer.key("seal"); writer.string(seal) }
            writer.close()
        }
        close()
        if let driver = d.driver {
            key("driver")
            open()
            key("fullName"); string(driver.fullName)
            key("nationality"); string(driver.nationality)
            key("birthDate"); string(driver.birthDate.description)
            key("document"); identityDocument(driver.document)
            key("licence")
            open()
            key("number"); string(driver.licence.number)
            key("class"); string(driver.licence.licenceClass)
            key("expiresOn"); string(driver.licence.expiresOn.description)
            close()
            close()
        }
        if let remote = d.remoteOperator {
            key("remoteOperator")
            open()
            key("name"); string(remote.name)
            key("organisation"); string(remote.organisation)
            key("licenceNumber"); string(remote.licenceNumber)
            if let phone = remote.phone { key("phone"); string(phone) }
            if let email = remote.email { key("email"); string(email) }
            close()
        }
        key("goods")
        array(d.goods) { writer, line in
            writer.open()
            writer.key("hsCode"); writer.string(line.hsCode)
            writer.key("description"); writer.string(line.description)
            writer.key("quantity"); writer.number(line.quantity.description)
            writer.key("unit"); writer.string(line.unit)
            writer.key("grossKg"); writer.number(line.grossKg.description)
            writer.key("netKg"); writer.number(line.netKg.description)
            writer.key("value"); writer.number(line.value.description)
            writer.key("currency"); writer.string(line.currency)
            writer.key("origin"); writer.string(line.origin)
            writer.close()
        }
        key("quarantine")
        open()
        if let health = d.quarantine.driverHealth {
            key("driverHealth")
            open()
            key("declaredOn"); string(health.declaredOn.description)
            key("fever"); bool(health.fever)
            key("symptoms"); array(health.symptoms) { $0.string($1.rawValue) }
            close()
        }
        key("certificates")
        array(d.quarantine.certificates) { $0.certificate($1, jsonbOrder: false) }
        close()
        close()
    }

    /// A driver's identity document: its keys are in jsonb's order already, so both forms share it.
    private mutating func identityDocument(_ document: IdentityDocument) {
        open()
        key("type"); string(document.type.rawValue)
        key("number"); string(document.number)
        if let expiresOn = document.expiresOn { key("expiresOn"); string(expiresOn.description) }
        close()
    }

    /// A certificate: the two orders differ only in where the issuer goes.
    private mutating func certificate(_ certificate: QuarantineCertificate, jsonbOrder: Bool) {
        open()
        key("kind"); string(certificate.kind.rawValue)
        if jsonbOrder { key("issuer"); string(certificate.issuer) }
        key("number"); string(certificate.number)
        if !jsonbOrder { key("issuer"); string(certificate.issuer) }
        key("country"); string(certificate.country)
        key("issuedOn"); string(certificate.issuedOn.description)
        key("expiresOn"); string(certificate.expiresOn.description)
        key("goodsLines"); array(certificate.goodsLines) { $0.integer($1) }
        close()
    }

    // MARK: Pieces

    /// Whether the next key follows a member of the same object (and so needs a comma). An object
    /// starts without one; once it closes, its parent's member is complete.
    private var memberWritten = false

    private mutating func open() {
        bytes.append(UInt8(ascii: "{"))
        memberWritten = false
    }

    private mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        memberWritten = true
    }

    /// A member's key (keys here need no escaping), after a comma unless it is its object's first.
    private mutating func key(_ name: StaticString) {
        if memberWritten { bytes.append(UInt8(ascii: ",")) }
        memberWritten = true
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

    private mutating func array<T>(_ elements: [T], _ element: (inout PendingJSONWriter, T) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            element(&self, value)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
