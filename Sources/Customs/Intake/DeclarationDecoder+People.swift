// The driver of a manned vehicle, or the remote operator of an unmanned one.

extension DeclarationDecoder {
    /// The driver: required for a manned vehicle, refused for an unmanned one. When present on an
    /// unmanned vehicle it is still decoded, so the carrier sees every problem in it at once.
    mutating func decodeDriver(_ parent: JSONObject, at parentPointer: JSONPointer, kind: VehicleKind?, plateCountry: String?, plannedOn: CalendarDate?) -> Driver? {
        let pointer = parentPointer.appending("driver")
        guard isPresent(parent, "driver") else {
            if kind?.isManned == true {
                report(pointer, .driverRequired, "a manned vehicle (\(kind!.rawValue)) needs a driver")
            }
            return nil
        }
        if kind == .unmannedTruck {
            report(pointer, .driverNotAllowed, "an unmanned_truck has no driver; declare its remoteOperator instead")
        }
        guard let object = object(parent, "driver", at: parentPointer, fields: ["fullName", "nationality", "birthDate", "document", "licence"]) else { return nil }
        let fullName = string(object, "fullName", at: pointer, maxLength: 100)
        let nationality = country(object, "nationality", at: pointer)
        let birthDate = date(object, "birthDate", at: pointer)
        if let birthDate, let plannedOn {
            let age = birthDate.age(on: plannedOn)
            if age < limits.minimumDriverAge {
                report(pointer.appending("birthDate"), .driverTooYoung, "a driver must be at least \(limits.minimumDriverAge) on the crossing day (\(plannedOn)); born \(birthDate), the driver will be \(max(age, 0))")
            }
        }
        if let nationality, let plateCountry, nationality != plateCountry {
            report(pointer.appending("nationality"), .driverNationalityMismatch, "a vehicle with a \(plateCountry == "VN" ? "Vietnamese" : "Chinese") plate crosses with a \(plateCountry == "VN" ? "Vietnamese" : "Chinese") driver (nationality \(plateCountry)); this driver's nationality is \(nationality)")
        }
        let document = decodeDocument(object, at: pointer, nationality: nationality, birthDate: birthDate, plannedOn: plannedOn)
        let licence = decodeLicence(object, at: pointer, kind: kind, plannedOn: plannedOn)
        guard let fullName, let nationality, let birthDate, let document, let licence else { return nil }
        return Driver(fullName: fullName, nationality: nationality, birthDate: birthDate, document: document, licence: licence)
    }

    private mutating func decodeDocument(_ parent: JSONObject, at parentPointer: JSONPointer, nationality: String?, birthDate: CalendarDate?, plannedOn: CalendarDate?) -> IdentityDocument? {
        let pointer = parentPointer.appending("document")
        guard let object = object(parent, "document", at: parentPointer, fields: ["type", "number", "expiresOn"]) else { return nil }
        var type = choice(object, "type", at: pointer, as: DocumentType.self)
        let number = string(object, "number", at: pointer, maxLength: 32)
        // Identity cards issued late in life never expire, so only passports and passes must say when.
        let expiryRequired = type == .passport || type == .borderPass
        let expiresOn = date(object, "expiresOn", at: pointer, required: expiryRequired)
        var numberOK = number != nil
        switch (type, nationality) {
        case (.citizenID?, let country?) where country != "VN":
            report(pointer.appending("type"), .valueNotAllowed, "citizen_id is the Vietnamese citizen identity card; for a driver of nationality \(country) declare a passport or border_pass")
            type = nil
        case (.residentID?, let country?) where country != "CN":
            report(pointer.appending("type"), .valueNotAllowed, "resident_id is the Chinese resident identity card; for a driver of nationality \(country) declare a passport or border_pass")
            type = nil
        default:
            break
        }
        if let type, let number {
            let reason: String? = switch type {
            case .passport: nationality.map { PersonalDocumentNumber.passportProblem(number, nationality: $0) } ?? nil
            case .citizenID: PersonalDocumentNumber.vietnameseCitizenIDProblem(number, birthDate: birthDate)
            case .residentID: PersonalDocumentNumber.chineseResidentIDProblem(number, birthDate: birthDate)
            case .borderPass: PersonalDocumentNumber.borderPassProblem(number)
            }
            if let reason {
                report(pointer.appending("number"), .documentNumberInvalid, reason)
                numberOK = false
            }
        }
        var expiryOK = expiresOn != nil || (!expiryRequired && !isPresent(object, "expiresOn"))
        if let expiresOn, let plannedOn, expiresOn < plannedOn {
            report(pointer.appending("expiresOn"), .documentExpired, "the document expires on \(expiresOn), before the planned crossing on \(plannedOn)")
            expiryOK = false
        }
        guard let type, let number, numberOK, expiryOK else { return nil }
        return IdentityDocument(type: type, number: number, expiresOn: expiresOn)
    }

    private mutating func decodeLicence(_ parent: JSONObject, at parentPointer: JSONPointer, kind: VehicleKind?, plannedOn: CalendarDate?) -> DrivingLicence? {
        let pointer = parentPointer.appending("licence")
        guard let object = object(parent, "licence", at: parentPointer, fields: ["number", "class", "expiresOn"]) else { return nil }
        var number = string(object, "number", at: pointer, maxLength: 32)
        var licenceClass = string(object, "class", at: pointer, maxLength: 8)
        var expiresOn = date(object, "expiresOn", at: pointer)
        if let text = number, let reason = ReferenceNumber.drivingLicenceProblem(text) {
            report(pointer.appending("number"), .licenceNumberInvalid, reason)
            number = nil
        }
        if let text = licenceClass {
            if !LicenceClasses.known.contains(text) {
                report(pointer.appending("class"), .licenceClassInvalid, "\"\(text)\" is not a Vietnamese or Chinese licence class (e.g. C, FC, CE; B2, A2)")
                licenceClass = nil
            } else if kind == .tractorTrailer, !LicenceClasses.tractorTrailer.contains(text) {
                report(pointer.appending("class"), .licenceClassInsufficient, "a tractor_trailer needs licence class FC or CE (Vietnam) or A2 (China); \(text) does not cover semi-trailers")
                licenceClass = nil
            }
        }
        if let date = expiresOn, let plannedOn, date < plannedOn {
            report(pointer.appending("expiresOn"), .documentExpired, "the driving licence expires on \(date), before the planned crossing on \(plannedOn)")
            expiresOn = nil
        }
        guard let number, let licenceClass, let expiresOn else { return nil }
        return DrivingLicence(number: number, licenceClass: licenceClass, expiresOn: expiresOn)
    }

    /// The remote operator: required for an unmanned truck, refused for a manned vehicle.
    mutating func decodeRemoteOperator(_ parent: JSONObject, at parentPointer: JSONPointer, kind: VehicleKind?) -> RemoteOperator? {
        let pointer = parentPointer.appending("remoteOperator")
        guard isPresent(parent, "remoteOperator") else {
            if kind == .unmannedTruck {
                report(pointer, .remoteOperatorRequired, "an unmanned_truck needs the remote operator who answers for it")
            }
            return nil
        }
        if let kind, kind.isManned {
            report(pointer, .remoteOperatorNotAllowed, "a remote operator is declared only for an unmanned_truck; this vehicle is a \(kind.rawValue) with a driver")
        }
        guard let object = object(parent, "remoteOperator", at: parentPointer, fields: ["name", "organisation", "licenceNumber", "phone", "email"]) else { return nil }
        let name = string(object, "name", at: pointer, maxLength: 100)
        let organisation = string(object, "organisation", at: pointer, maxLength: 200)
        var licenceNumber = string(object, "licenceNumber", at: pointer, maxLength: 32)
        if let text = licenceNumber, let reason = ReferenceNumber.operatorLicenceProblem(text) {
            report(pointer.appending("licenceNumber"), .licenceNumberInvalid, reason)
            licenceNumber = nil
        }
        var contactOK = true
        var phone: String?
        var email: String?
        if isPresent(object, "phone") {
            phone = string(object, "phone", at: pointer, maxLength: 16, required: false)
            if let text = phone, let reason = ContactAddress.phoneProblem(text) {
                report(pointer.appending("phone"), .contactInvalid, reason)
                phone = nil
            }
            contactOK = contactOK && phone != nil
        }
        if isPresent(object, "email") {
            email = string(object, "email", at: pointer, maxLength: 254, required: false)
            if let text = email, let reason = ContactAddress.emailProblem(text) {
                report(pointer.appending("email"), .contactInvalid, reason)
                email = nil
            }
            contactOK = contactOK && email != nil
        }
        if !isPresent(object, "phone"), !isPresent(object, "email") {
            report(pointer.appending("phone"), .required, "give a phone number or an e-mail address (or both) to reach the remote operator during the crossing")
            contactOK = false
        }
        guard let name, let organisation, let licenceNumber, contactOK else { return nil }
        return RemoteOperator(name: name, organisation: organisation, licenceNumber: licenceNumber, phone: phone, email: email)
    }
}
