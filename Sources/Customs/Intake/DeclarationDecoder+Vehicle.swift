// The trader and the vehicle.

extension DeclarationDecoder {
    mutating func decodeTrader(_ parent: JSONObject, at parentPointer: JSONPointer) -> Trader? {
        let pointer = parentPointer.appending("trader")
        guard let object = object(parent, "trader", at: parentPointer, fields: ["taxCode", "name", "country"]) else { return nil }
        let taxCode = string(object, "taxCode", at: pointer, maxLength: 64)
        let name = string(object, "name", at: pointer, maxLength: 200)
        let country = borderCountry(object, "country", at: pointer)
        if let taxCode, let country, let reason = TaxCode.problem(taxCode, country: country) {
            report(pointer.appending("taxCode"), .taxCodeInvalid, reason)
            return nil
        }
        guard let taxCode, let name, let country else { return nil }
        return Trader(taxCode: taxCode, name: name, country: country)
    }

    mutating func decodeVehicle(_ parent: JSONObject, at parentPointer: JSONPointer) -> Vehicle? {
        let pointer = parentPointer.appending("vehicle")
        guard let object = object(parent, "vehicle", at: parentPointer, fields: ["plate", "plateCountry", "trailerPlate", "kind", "containers"]) else { return nil }
        let kind = choice(object, "kind", at: pointer, as: VehicleKind.self)
        let plateCountry = borderCountry(object, "plateCountry", at: pointer)
        let plate = decodePlate(object, "plate", at: pointer, country: plateCountry, trailer: false)
        var trailerPlate: String?
        var trailerOK = true
        if isPresent(object, "trailerPlate") {
            trailerPlate = decodePlate(object, "trailerPlate", at: pointer, country: plateCountry, trailer: true)
            trailerOK = trailerPlate != nil
        } else if kind == .tractorTrailer {
            report(pointer.appending("trailerPlate"), .trailerPlateRequired, "a tractor_trailer needs the semi-trailer's own plate in trailerPlate")
            trailerOK = false
        }
        let containers = decodeContainers(object, at: pointer)
        guard let kind, let plateCountry, let plate, trailerOK, let containers else { return nil }
        return Vehicle(plate: plate, plateCountry: plateCountry, trailerPlate: trailerPlate, kind: kind, containers: containers)
    }

    /// A plate in one of the formats of `PlateNumber`, registered in `country`, of the right role
    /// (a tractor or lorry plate in `plate`, a trailer plate in `trailerPlate`). Returns the normalised form.
    private mutating func decodePlate(_ object: JSONObject, _ key: String, at pointer: JSONPointer, country: String?, trailer: Bool) -> String? {
        guard let text = string(object, key, at: pointer, maxLength: 32, required: !trailer) else { return nil }
        let field = pointer.appending(key)
        guard let parsed = PlateNumber.parse(text) else {
            report(field, .plateInvalid, "\"\(text)\" is not a Vietnamese plate (e.g. 12C-123.45, 29H-12345, trailers 12R-012.34) or a Chinese plate (e.g. 桂F12345, 桂FD12345, trailers 桂F1234挂)")
            return nil
        }
        if let country, parsed.country != country {
            report(field, .plateCountryMismatch, "\"\(text)\" is a \(parsed.country == "VN" ? "Vietnamese" : "Chinese") plate, but plateCountry is \(country)")
            return nil
        }
        if parsed.isTrailer != trailer {
            let detail = trailer
                ? "\"\(text)\" is not a trailer plate (Vietnamese trailers use the R series, e.g. 12R-012.34; Chinese ones end in 挂)"
                : "\"\(text)\" is a trailer plate; give the tractor's or lorry's plate here and the trailer's in trailerPlate"
            report(field, .plateInvalid, detail)
            return nil
        }
        return parsed.normalised
    }

    private mutating func decodeContainers(_ object: JSONObject, at pointer: JSONPointer) -> [Container]? {
        guard let elements = array(object, "containers", at: pointer, required: false) else {
            return isPresent(object, "containers") ? nil : []
        }
        let arrayPointer = pointer.appending("containers")
        if elements.count > limits.maxContainers {
            report(arrayPointer, .tooManyItems, "a vehicle carries at most \(limits.maxContainers) containers; \(elements.count) were declared")
            return nil
        }
        var containers: [Container] = []
        var failed = false
        for (index, element) in elements.enumerated() {
            let itemPointer = arrayPointer.appending(index)
            guard let item = self.object(element, at: itemPointer, fields: ["number", "seal"]) else { failed = true; continue }
            let number = string(item, "number", at: itemPointer, maxLength: 32)
            if let number {
                switch ContainerNumber.validate(number) {
                case nil:
                    if containers.contains(where: { $0.number == number }) {
                        report(itemPointer.appending("number"), .duplicateItem, "container \(number) is declared twice")
                        failed = true
                    }
                case .format?:
                    report(itemPointer.appending("number"), .containerNumberInvalid, "a container number (ISO 6346) is a 3-letter owner code, U, J or Z, 6 digits and a check digit, e.g. CSQU3054383; got \"\(number)\"")
                    failed = true
                case .checkDigit(let expected)?:
                    report(itemPointer.appending("number"), .containerNumberInvalid, "the check digit of \(number) is wrong: for \(number.prefix(10)) it must be \(expected); check the number on the container door")
                    failed = true
                }
            }
            var seal: String?
            if isPresent(item, "seal") {
                seal = string(item, "seal", at: itemPointer, maxLength: 32, required: false)
                if let text = seal, let reason = ReferenceNumber.sealProblem(text) {
                    report(itemPointer.appending("seal"), .sealInvalid, reason)
                    seal = nil
                }
                if seal == nil { failed = true }
            }
            if let number { containers.append(Container(number: number, seal: seal)) } else { failed = true }
        }
        return failed ? nil : containers
    }
}
