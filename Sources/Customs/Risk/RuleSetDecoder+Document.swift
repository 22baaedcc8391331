import Foundation

// The ruleset document's top level and its tables: scoring, random selection, exchange rates, value
// references and watch lists. The rules are in RuleSetDecoder+Rules.swift.

extension RuleSetDecoder {
    mutating func decode(_ document: JSONValue) -> RuleSet? {
        let root = JSONPointer.root
        guard let object = object(document, at: root, required: ["format", "version", "scoring", "randomSelection", "rules"],
                                  optional: ["description", "exchangeRates", "valueReferences", "watchLists"]) else { return nil }
        // Another format's fields may mean something else: checking them against this one helps nobody.
        if let value = object["format"] {
            let pointer = root.appending("format")
            guard let format = integer(value, at: pointer, in: 1...1_000_000) else { return nil }
            guard format == RuleSet.supportedFormat else {
                report(pointer, "this build reads ruleset format \(RuleSet.supportedFormat), found \(format)")
                return nil
            }
        }
        let version = object["version"].flatMap { identifier($0, at: root.appending("version")) }
        let description = object["description"].flatMap { string($0, at: root.appending("description"), maxLength: 2000) }
        let thresholds = object["scoring"].flatMap { decodeScoring($0, at: root.appending("scoring")) }
        let random = object["randomSelection"].flatMap { decodeRandomSelection($0, at: root.appending("randomSelection")) }
        let rates = object["exchangeRates"].map { decodeExchangeRates($0, at: root.appending("exchangeRates")) } ?? ["USD": 1]
        let references = object["valueReferences"].map { decodeValueReferences($0, at: root.appending("valueReferences")) } ?? [:]
        let lists = object["watchLists"].map { decodeWatchLists($0, at: root.appending("watchLists")) } ?? [:]
        let context = RuleContext(watchLists: lists, hasValueReferences: !(references?.isEmpty ?? true))
        let rules = object["rules"].flatMap { decodeRules($0, at: root.appending("rules"), context: context) }
        guard problems.isEmpty, let version, let thresholds, let random, let rates, let references, let lists, let rules else { return nil }
        return RuleSet(version: version, description: description ?? nil, thresholds: thresholds, randomSelection: random,
                       exchangeRates: rates, valueReferences: references, watchLists: lists, rules: rules)
    }

    private mutating func decodeScoring(_ value: JSONValue, at pointer: JSONPointer) -> ScoreThresholds? {
        guard let object = object(value, at: pointer, required: ["yellowFrom", "redFrom"]) else { return nil }
        let yellow = object["yellowFrom"].flatMap { integer($0, at: pointer.appending("yellowFrom"), in: 1...1_000_000) }
        let red = object["redFrom"].flatMap { integer($0, at: pointer.appending("redFrom"), in: 1...1_000_000) }
        guard let yellow, let red else { return nil }
        guard red > yellow else {
            report(pointer.appending("redFrom"), "redFrom (\(red)) must be greater than yellowFrom (\(yellow))")
            return nil
        }
        return ScoreThresholds(yellowFrom: yellow, redFrom: red)
    }

    private mutating func decodeRandomSelection(_ value: JSONValue, at pointer: JSONPointer) -> RandomSelectionRates? {
        guard let object = object(value, at: pointer, required: ["greenToYellow", "greenToRed", "authorisedOperatorCap"], optional: ["yellowToRed"]) else { return nil }
        let toYellow = object["greenToYellow"].flatMap { probability($0, at: pointer.appending("greenToYellow")) }
        let toRed = object["greenToRed"].flatMap { probability($0, at: pointer.appending("greenToRed")) }
        let yellowToRed = object["yellowToRed"].map { probability($0, at: pointer.appending("yellowToRed")) } ?? 0
        let cap = object["authorisedOperatorCap"].flatMap { probability($0, at: pointer.appending("authorisedOperatorCap")) }
        guard let toYellow, let toRed, let yellowToRed, let cap else { return nil }
        // In Decimal, once per ruleset load: two probabilities of 38 decimals can overflow Amount.
        let sum = toYellow.decimal + toRed.decimal
        guard sum <= 1 else {
            report(pointer.appending("greenToRed"), "greenToYellow + greenToRed must not exceed 1, found \(sum)")
            return nil
        }
        func double(_ amount: Amount) -> Double { Double(amount.description) ?? 0 }
        return RandomSelectionRates(greenToYellow: double(toYellow), greenToRed: double(toRed), yellowToRed: double(yellowToRed), authorisedOperatorCap: double(cap))
    }

    /// Currency → units per USD.
    private mutating func decodeExchangeRates(_ value: JSONValue, at pointer: JSONPointer) -> [String: Amount]? {
        guard case .object(let object) = value else {
            report(pointer, "expected an object of currency codes and units per US dollar (\"CNY\": 7.12), found \(value.typeName)")
            return nil
        }
        var rates: [String: Amount] = ["USD": 1]
        var valid = true
        for member in object.members {
            let memberPointer = pointer.appending(member.key)
            guard CurrencyCodes.active.contains(member.key) else {
                report(memberPointer, "\"\(member.key)\" is not an ISO 4217 code of a currency in circulation")
                valid = false
                continue
            }
            let isUSD = member.key == "USD"
            guard let rate = decimal(member.value, at: memberPointer, check: {
                isUSD ? ($0 == 1 ? nil : "the rates are units per US dollar, so USD is 1")
                      : ($0 > .zero ? nil : "expected a positive number of \(member.key) per US dollar")
            }) else {
                valid = false
                continue
            }
            rates[member.key] = rate
        }
        return valid ? rates : nil
    }

    private mutating func decodeValueReferences(_ value: JSONValue, at pointer: JSONPointer) -> [String: ValueReference]? {
        guard case .object(let object) = value else {
            report(pointer, "expected an object of HS prefixes and references ({\"081060\": {\"usdPerKg\": 1.5}}), found \(value.typeName)")
            return nil
        }
        var references: [String: ValueReference] = [:]
        var valid = true
        for member in object.members {
            let memberPointer = pointer.appending(member.key)
            if let reason = Self.hsPrefixProblem(member.key) {
                report(memberPointer, reason)
                valid = false
            }
            guard let entry = self.object(member.value, at: memberPointer, required: ["usdPerKg"], optional: ["goods"]) else {
                valid = false
                continue
            }
            let usdPerKg = entry["usdPerKg"].flatMap { decimal($0, at: memberPointer.appending("usdPerKg")) { $0 > .zero ? nil : "expected a positive number of US dollars per kg" } }
            let goods = entry["goods"].map { string($0, at: memberPointer.appending("goods")) }
            guard let usdPerKg, goods != .some(nil) else {
                valid = false
                continue
            }
            references[member.key] = ValueReference(hsPrefix: member.key, usdPerKg: usdPerKg, goods: goods ?? nil)
        }
        return valid ? references : nil
    }

    private mutating func decodeWatchLists(_ value: JSONValue, at pointer: JSONPointer) -> [String: WatchList]? {
        guard case .object(let object) = value else {
            report(pointer, "expected an object of named watch lists, found \(value.typeName)")
            return nil
        }
        var lists: [String: WatchList] = [:]
        var valid = true
        for member in object.members {
            let memberPointer = pointer.appending(member.key)
            guard Self.isIdentifier(member.key) else {
                report(memberPointer, "a watch list's name is 1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit")
                valid = false
                continue
            }
            guard let list = decodeWatchList(member.key, member.value, at: memberPointer) else {
                valid = false
                continue
            }
            lists[member.key] = list
        }
        return valid ? lists : nil
    }

    private mutating func decodeWatchList(_ name: String, _ value: JSONValue, at pointer: JSONPointer) -> WatchList? {
        guard let object = object(value, at: pointer, required: ["kind", "entries"], optional: ["description"]) else { return nil }
        let kind: WatchListKind? = object["kind"].flatMap { value in
            string(value, at: pointer.appending("kind"), maxLength: 64).flatMap { enumeration($0, at: pointer.appending("kind")) }
        }
        let description = object["description"].map { string($0, at: pointer.appending("description"), maxLength: 2000) }
        guard let kind, let entriesValue = object["entries"] else { return nil }
        let entries = stringArray(entriesValue, at: pointer.appending("entries"), maxCount: Self.maxListEntries) { decoder, text, itemPointer in
            decoder.watchListEntry(text, kind: kind, at: itemPointer)
        }
        guard let entries, description != .some(nil) else { return nil }
        return WatchList(name: name, kind: kind, description: description ?? nil, entries: Set(entries))
    }

    /// The entry in the form a declaration carries, so matching is plain equality.
    private mutating func watchListEntry(_ text: String, kind: WatchListKind, at pointer: JSONPointer) -> String? {
        switch kind {
        case .plate:
            // Normalised as the intake does, so `12C-12345` on the list matches `12C-123.45` declared.
            guard let parsed = PlateNumber.parse(text) else {
                report(pointer, "\"\(text)\" is not a Vietnamese or Chinese plate (see Docs/validation.md for the forms)")
                return nil
            }
            return parsed.normalised
        case .container:
            switch ContainerNumber.validate(text) {
            case nil: return text
            case .format?:
                report(pointer, "a container number is 3 capital letters, U, J or Z, and 7 digits (ISO 6346), found \"\(text)\"")
            case .checkDigit(let expected)?:
                report(pointer, "the check digit of \"\(text)\" should be \(expected) (ISO 6346)")
            }
            return nil
        case .driverDocument:
            let allowed = text.utf8.allSatisfy { $0 &- UInt8(ascii: "A") < 26 || $0 &- UInt8(ascii: "0") < 10 || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "/") }
            guard allowed, text.utf8.count <= 32 else {
                report(pointer, "a document number is up to 32 capital letters, digits, '-' or '/', as declared; found \"\(text)\"")
                return nil
            }
            return text
        case .trader:
            guard TaxCode.problem(text, country: "VN") == nil || TaxCode.problem(text, country: "CN") == nil else {
                report(pointer, "\"\(text)\" is neither a valid Vietnamese tax code (MST) nor a Chinese unified social credit code")
                return nil
            }
            return text
        }
    }
}
