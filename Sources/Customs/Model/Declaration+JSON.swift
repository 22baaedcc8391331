// The normalised declaration as JSON: the same camelCase shape a carrier sends, with normalised text,
// plates and numbers, optional members left out when absent. Stored as jsonb and returned by the API;
// `DeclarationIntake.validate` accepts it back unchanged (a test checks the round trip).

extension Declaration {
    public func jsonValue() -> JSONValue {
        var object: JSONObject = [
            "direction": .string(direction.rawValue),
            "crossing": .string(crossing.rawValue),
            "plannedCrossingOn": .string(plannedCrossingOn.description),
            "trader": trader.jsonValue(),
            "vehicle": vehicle.jsonValue(),
        ]
        if let driver { object["driver"] = driver.jsonValue() }
        if let remoteOperator { object["remoteOperator"] = remoteOperator.jsonValue() }
        object["goods"] = .array(goods.map { $0.jsonValue() })
        object["quarantine"] = quarantine.jsonValue()
        return .object(object)
    }
}

extension Trader {
    func jsonValue() -> JSONValue {
        ["taxCode": .string(taxCode), "name": .string(name), "country": .string(country)]
    }
}

extension Vehicle {
    func jsonValue() -> JSONValue {
        var object: JSONObject = ["plate": .string(plate), "plateCountry": .string(plateCountry)]
        if let trailerPlate { object["trailerPlate"] = .string(trailerPlate) }
        object["kind"] = .string(kind.rawValue)
        object["containers"] = .array(containers.map { container in
            var item: JSONObject = ["number": .string(container.number)]
            if let seal = container.seal { item["seal"] = .string(seal) }
            return .object(item)
        })
        return .object(object)
    }
}

extension Driver {
    func jsonValue() -> JSONValue {
        var document: JSONObject = ["type": .string(self.document.type.rawValue), "number": .string(self.document.number)]
        if let expiresOn = self.document.expiresOn { document["expiresOn"] = .string(expiresOn.description) }
        return [
            "fullName": .string(fullName),
            "nationality": .string(nationality),
            "birthDate": .string(birthDate.description),
            "document": .object(document),
            "licence": [
                "number": .string(licence.number),
                "class": .string(licence.licenceClass),
                "expiresOn": .string(licence.expiresOn.description),
            ],
        ]
    }
}

extension RemoteOperator {
    func jsonValue() -> JSONValue {
        var object: JSONObject = ["name": .string(name), "organisation": .string(organisation), "licenceNumber": .string(licenceNumber)]
        if let phone { object["phone"] = .string(phone) }
        if let email { object["email"] = .string(email) }
        return .object(object)
    }
}

extension GoodsLine {
    func jsonValue() -> JSONValue {
        [
            "hsCode": .string(hsCode),
            "description": .string(description),
            "quantity": .number(JSONNumber(quantity)),
            "unit": .string(unit),
            "grossKg": .number(JSONNumber(grossKg)),
            "netKg": .number(JSONNumber(netKg)),
            "value": .number(JSONNumber(value)),
            "currency": .string(currency),
            "origin": .string(origin),
        ]
    }
}

extension Quarantine {
    func jsonValue() -> JSONValue {
        var object = JSONObject()
        if let health = driverHealth {
            object["driverHealth"] = [
                "declaredOn": .string(health.declaredOn.description),
                "fever": .bool(health.fever),
                "symptoms": .array(health.symptoms.map { .string($0.rawValue) }),
            ]
        }
        object["certificates"] = .array(certificates.map { certificate in
            [
                "kind": .string(certificate.kind.rawValue),
                "number": .string(certificate.number),
                "issuer": .string(certificate.issuer),
                "country": .string(certificate.country),
                "issuedOn": .string(certificate.issuedOn.description),
                "expiresOn": .string(certificate.expiresOn.description),
                "goodsLines": .array(certificate.goodsLines.map { .number(JSONNumber($0)) }),
            ]
        })
        return .object(object)
    }
}
