import Foundation

// The goods lines and their numbers.

extension DeclarationDecoder {
    static let goodsFields = ["hsCode", "description", "quantity", "unit", "grossKg", "netKg", "value", "currency", "origin"]

    /// Every line, each nil when something in it is wrong; nil when `goods` itself is unusable.
    mutating func decodeGoods(_ parent: JSONObject, at parentPointer: JSONPointer) -> [GoodsLine?]? {
        let pointer = parentPointer.appending("goods")
        guard let elements = array(parent, "goods", at: parentPointer) else { return nil }
        if elements.isEmpty {
            report(pointer, .goodsEmpty, "declare at least one goods line")
            return nil
        }
        if elements.count > limits.maxGoodsLines {
            report(pointer, .goodsTooMany, "a declaration has at most \(limits.maxGoodsLines) goods lines; this one has \(elements.count) (split the load over several declarations or merge lines with the same HS code)")
            return nil
        }
        let lines = elements.enumerated().map { index, element in
            decodeGoodsLine(element, at: pointer.appending(index))
        }
        // Each weight is at most ten times the limit with three decimals, so the sum fits.
        let total = lines.reduce(Amount.zero) { $0.adding($1?.grossKg ?? .zero) ?? $0 }
        if total > Amount(limits.maxTotalGrossKg) {
            report(pointer, .weightExceedsVehicle, "the goods weigh \(total) kg gross in all, more than the \(limits.maxTotalGrossKg) kg any road vehicle at this crossing can carry; check the weights (kg, not g)")
        }
        return lines
    }

    private mutating func decodeGoodsLine(_ value: JSONValue, at pointer: JSONPointer) -> GoodsLine? {
        guard let object = object(value, at: pointer, fields: Self.goodsFields) else { return nil }
        var hsCode = string(object, "hsCode", at: pointer, maxLength: 32)
        if let code = hsCode, let reason = HSCode.problem(code) {
            report(pointer.appending("hsCode"), .hsCodeInvalid, reason)
            hsCode = nil
        }
        let description = string(object, "description", at: pointer, maxLength: 500)
        var unit = string(object, "unit", at: pointer, maxLength: 16)
        if let code = unit, !UnitCodes.accepted.contains(code) {
            report(pointer.appending("unit"), .unitInvalid, "\"\(code)\" is not an accepted unit code; use one of \(UnitCodes.names.map(\.key).joined(separator: ", ")) (UN/ECE Recommendation 20/21)")
            unit = nil
        }
        var currency = string(object, "currency", at: pointer, maxLength: 16)
        if let code = currency, !CurrencyCodes.active.contains(code) {
            report(pointer.appending("currency"), .currencyInvalid, "\"\(code)\" is not an active ISO 4217 currency code, e.g. USD, CNY, VND")
            currency = nil
        }
        let origin = country(object, "origin", at: pointer)

        let quantity = amount(object, "quantity", at: pointer, code: .quantityInvalid, maxDigits: 3, maximum: 1_000_000_000_000, what: "quantity")
        let grossKg = amount(object, "grossKg", at: pointer, code: .weightInvalid, maxDigits: 3, maximum: Amount(limits.maxTotalGrossKg * 10), what: "gross weight in kg")
        let netKg = amount(object, "netKg", at: pointer, code: .weightInvalid, maxDigits: 3, maximum: Amount(limits.maxTotalGrossKg * 10), what: "net weight in kg")
        // A value may be as precise as its currency's minor unit; with an unknown currency, cents.
        let valueDigits = currency.map(CurrencyCodes.minorUnits(of:)) ?? 2
        let value = amount(object, "value", at: pointer, code: .valueInvalid, maxDigits: valueDigits, maximum: 1_000_000_000_000_000, what: "customs value", unitName: currency.map { " for \($0)" } ?? "")
        var weightsOK = true
        if let grossKg, let netKg, netKg > grossKg {
            report(pointer.appending("netKg"), .netExceedsGross, "the net weight (\(netKg) kg) cannot exceed the gross weight (\(grossKg) kg), which includes the packing")
            weightsOK = false
        }
        guard let hsCode, let description, let quantity, let unit, let grossKg, let netKg, weightsOK,
              let value, let currency, let origin else { return nil }
        return GoodsLine(hsCode: hsCode, description: description, quantity: quantity, unit: unit, grossKg: grossKg, netKg: netKg, value: value, currency: currency, origin: origin)
    }

    /// A positive decimal no greater than `maximum`, with at most `maxDigits` digits after the point.
    private mutating func amount(_ object: JSONObject, _ key: String, at pointer: JSONPointer, code: ValidationCode, maxDigits: Int, maximum: Amount, what: String, unitName: String = "") -> Amount? {
        guard let number = number(object, key, at: pointer) else { return nil }
        let field = pointer.appending(key)
        guard let amount = number.amount, amount > .zero, amount <= maximum else {
            report(field, code, "the \(what) must be greater than 0 and at most \(maximum); got \(number.text)")
            return nil
        }
        let digits = amount.scale  // in lowest terms: `1.50` needs 1, `15e-3` needs 3
        if digits > maxDigits {
            let allowed = maxDigits == 0 ? "no decimals" : "at most \(maxDigits) decimal\(maxDigits == 1 ? "" : "s")"
            report(field, .precisionExceeded, "the \(what) takes \(allowed)\(unitName); \(number.text) has \(digits)")
            return nil
        }
        return amount
    }
}
