/// One line of goods, as on the commercial invoice.
public struct GoodsLine: Sendable, Equatable {
    /// 8 digits (Vietnam's AHTN-based tariff) or 10 digits (China's tariff).
    public var hsCode: String
    public var description: String
    public var quantity: Amount
    /// A UN/ECE Recommendation 20 (or 21, for packages) code from the documented subset.
    public var unit: String
    public var grossKg: Amount
    public var netKg: Amount
    /// Customs value of the line, in `currency`.
    public var value: Amount
    /// ISO 4217.
    public var currency: String
    /// Country of origin, ISO 3166-1 alpha-2.
    public var origin: String

    public init(hsCode: String, description: String, quantity: Amount, unit: String, grossKg: Amount, netKg: Amount, value: Amount, currency: String, origin: String) {
        self.hsCode = hsCode
        self.description = description
        self.quantity = quantity
        self.unit = unit
        self.grossKg = grossKg
        self.netKg = netKg
        self.value = value
        self.currency = currency
        self.origin = origin
    }

    /// The HS chapter (the first two digits), e.g. 8 for fruit.
    public var chapter: Int { Int(hsCode.prefix(2)) ?? 0 }
}
