// Health, plant and animal quarantine: the driver's health declaration, the certificates, and which
// goods lines need which certificate.

extension DeclarationDecoder {
    mutating func decodeQuarantine(_ parent: JSONObject, at parentPointer: JSONPointer, kind: VehicleKind?, goods: [GoodsLine?]?, plannedOn: CalendarDate?) -> Quarantine? {
        let pointer = parentPointer.appending("quarantine")
        var object = JSONObject()
        if isPresent(parent, "quarantine") {
            guard let decoded = self.object(parent, "quarantine", at: parentPointer, fields: ["driverHealth", "certificates"]) else { return nil }
            object = decoded
        }
        let health = decodeHealth(object, at: pointer, kind: kind)
        var claims: [CoverageClaim] = []
        let certificates = decodeCertificates(object, at: pointer, goodsCount: goods?.count, plannedOn: plannedOn, claims: &claims)
        if let goods {
            checkCoverage(goods: goods, claims: claims)
        }
        guard let health, let certificates else { return nil }
        return Quarantine(driverHealth: health.declaration, certificates: certificates)
    }

    /// "This certificate, valid or not, says it covers this line with this kind": enough to decide
    /// coverage even when the certificate has its own problems (then those are what to fix).
    private struct CoverageClaim {
        var kind: CertificateKind
        var line: Int
    }

    /// The declaration wrapped, so "absent, and rightly so" (unmanned) differs from "failed" (nil).
    private struct HealthOutcome { var declaration: HealthDeclaration? }

    private mutating func decodeHealth(_ parent: JSONObject, at parentPointer: JSONPointer, kind: VehicleKind?) -> HealthOutcome? {
        let pointer = parentPointer.appending("driverHealth")
        guard isPresent(parent, "driverHealth") else {
            if kind?.isManned == true {
                report(pointer, .required, "the driver's health declaration (driverHealth) is required for a manned vehicle")
                return nil
            }
            return HealthOutcome(declaration: nil)
        }
        if kind == .unmannedTruck {
            report(pointer, .driverNotAllowed, "an unmanned_truck has no driver, so no driver health declaration")
        }
        guard let object = object(parent, "driverHealth", at: parentPointer, fields: ["declaredOn", "fever", "symptoms"]) else { return nil }
        var declaredOn = date(object, "declaredOn", at: pointer)
        if let date = declaredOn {
            let age = date.days(until: today)
            if age < 0 {
                report(pointer.appending("declaredOn"), .dateOutOfRange, "a health declaration cannot be dated after today (\(today)); got \(date)")
                declaredOn = nil
            } else if age > limits.maxHealthDeclarationAgeDays {
                report(pointer.appending("declaredOn"), .dateOutOfRange, "a health declaration is at most \(limits.maxHealthDeclarationAgeDays) days old when submitted; \(date) is \(age) days before today (\(today))")
                declaredOn = nil
            }
        }
        let fever = bool(object, "fever", at: pointer)
        var symptoms: [Symptom]? = []
        if let elements = array(object, "symptoms", at: pointer, required: false) {
            let arrayPointer = pointer.appending("symptoms")
            for (index, element) in elements.enumerated() {
                guard let symptom = choice(element, at: arrayPointer.appending(index), name: "a symptom", as: Symptom.self) else { symptoms = nil; continue }
                if symptoms?.contains(symptom) == true {
                    report(arrayPointer.appending(index), .duplicateItem, "\(symptom.rawValue) is listed twice")
                    symptoms = nil
                }
                symptoms?.append(symptom)
            }
        } else if isPresent(object, "symptoms") {
            symptoms = nil
        }
        guard let declaredOn, let fever, let symptoms else { return nil }
        return HealthOutcome(declaration: HealthDeclaration(declaredOn: declaredOn, fever: fever, symptoms: symptoms))
    }

    static let certificateFields = ["kind", "number", "issuer", "country", "issuedOn", "expiresOn", "goodsLines"]

    private mutating func decodeCertificates(_ parent: JSONObject, at parentPointer: JSONPointer, goodsCount: Int?, plannedOn: CalendarDate?, claims: inout [CoverageClaim]) -> [QuarantineCertificate]? {
        let pointer = parentPointer.appending("certificates")
        guard let elements = array(parent, "certificates", at: parentPointer, required: false) else {
            return isPresent(parent, "certificates") ? nil : []
        }
        if elements.count > limits.maxCertificates {
            report(pointer, .tooManyItems, "a declaration carries at most \(limits.maxCertificates) quarantine certificates; \(elements.count) were given")
            return nil
        }
        var certificates: [QuarantineCertificate] = []
        var failed = false
        for (index, element) in elements.enumerated() {
            if let certificate = decodeCertificate(element, at: pointer.appending(index), goodsCount: goodsCount, plannedOn: plannedOn, claims: &claims) {
                certificates.append(certificate)
            } else {
                failed = true
            }
        }
        return failed ? nil : certificates
    }

    private mutating func decodeCertificate(_ value: JSONValue, at pointer: JSONPointer, goodsCount: Int?, plannedOn: CalendarDate?, claims: inout [CoverageClaim]) -> QuarantineCertificate? {
        guard let object = object(value, at: pointer, fields: Self.certificateFields) else { return nil }
        let kind = choice(object, "kind", at: pointer, as: CertificateKind.self)
        var number = string(object, "number", at: pointer, maxLength: 50)
        if let text = number, let reason = ReferenceNumber.certificateProblem(text) {
            report(pointer.appending("number"), .certificateNumberInvalid, reason)
            number = nil
        }
        let issuer = string(object, "issuer", at: pointer, maxLength: 200)
        let country = country(object, "country", at: pointer)
        let issuedOn = date(object, "issuedOn", at: pointer)
        let expiresOn = date(object, "expiresOn", at: pointer)
        var datesOK = issuedOn != nil && expiresOn != nil
        if let issuedOn, issuedOn > today {
            report(pointer.appending("issuedOn"), .certificateDatesInvalid, "a certificate cannot be issued after today (\(today)); got \(issuedOn)")
            datesOK = false
        }
        if let issuedOn, let expiresOn, expiresOn < issuedOn {
            report(pointer.appending("expiresOn"), .certificateDatesInvalid, "the certificate expires (\(expiresOn)) before it was issued (\(issuedOn))")
            datesOK = false
        } else if let expiresOn, let plannedOn, expiresOn < plannedOn {
            report(pointer.appending("expiresOn"), .certificateExpired, "the certificate expires on \(expiresOn), before the planned crossing on \(plannedOn)")
            datesOK = false
        }
        let (lines, linesOK) = decodeCertificateLines(object, at: pointer, goodsCount: goodsCount)
        if let kind { claims += lines.map { CoverageClaim(kind: kind, line: $0) } }
        guard let kind, let number, let issuer, let country, let issuedOn, let expiresOn, datesOK, linesOK else { return nil }
        return QuarantineCertificate(kind: kind, number: number, issuer: issuer, country: country, issuedOn: issuedOn, expiresOn: expiresOn, goodsLines: lines)
    }

    /// Indexes of the goods lines a certificate covers: integers, each naming an existing line, once.
    /// Returns the lines that are fine, and whether all were.
    private mutating func decodeCertificateLines(_ object: JSONObject, at pointer: JSONPointer, goodsCount: Int?) -> ([Int], Bool) {
        guard let elements = array(object, "goodsLines", at: pointer) else { return ([], false) }
        let arrayPointer = pointer.appending("goodsLines")
        if elements.isEmpty {
            report(arrayPointer, .certificateLineInvalid, "a certificate covers at least one goods line: list the indexes of its lines in goods, from 0")
            return ([], false)
        }
        var lines: [Int] = []
        var failed = false
        for (index, element) in elements.enumerated() {
            let itemPointer = arrayPointer.appending(index)
            guard case .number(let number) = element, let line = number.integer else {
                report(itemPointer, .typeMismatch, "expected the index of a goods line, an integer from 0; got \(element.typeName == "a number" ? "a number with a fraction or exponent" : element.typeName)")
                failed = true
                continue
            }
            if line < 0 || (goodsCount.map { line >= $0 } ?? false) {
                let range = goodsCount.map { $0 == 1 ? "the only line is 0" : "lines are 0 to \($0 - 1)" } ?? "lines are numbered from 0"
                report(itemPointer, .certificateLineInvalid, "goods line \(line) does not exist; \(range)")
                failed = true
            } else if lines.contains(line) {
                report(itemPointer, .duplicateItem, "goods line \(line) is listed twice")
                failed = true
            } else {
                lines.append(line)
            }
        }
        return (lines, !failed)
    }

    /// Every line whose HS chapter needs quarantine has a certificate of the right kind covering it.
    /// Lines covered by a right-kind certificate that is expired or otherwise broken are not reported
    /// again: the certificate's own problem says what to fix.
    private mutating func checkCoverage(goods: [GoodsLine?], claims: [CoverageClaim]) {
        for (index, line) in goods.enumerated() {
            guard let line, let needed = QuarantineChapters.required[line.chapter] else { continue }
            let covered = claims.contains { $0.kind == needed && $0.line == index }
            if !covered {
                let chapter = line.hsCode.prefix(2)
                let wrongKind = claims.contains { $0.kind != needed && $0.line == index }
                let note = wrongKind ? " (a \(needed == .phytosanitary ? "veterinary" : "phytosanitary") certificate does not cover it)" : ""
                report(JSONPointer.root.appending("goods").appending(index), .quarantineCertificateRequired,
                       "goods of HS chapter \(chapter) need a \(needed.rawValue) certificate valid on the crossing day that lists line \(index) in goodsLines\(note)")
            }
        }
    }
}
