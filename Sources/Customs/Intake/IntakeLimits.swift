/// The bounds of the intake rules, with the defaults documented in Docs/validation.md. Tests and a
/// future configuration can tighten them; the defaults are what the API promises.
public struct IntakeLimits: Sendable, Equatable {
    public var json: JSONLimits
    /// Most goods lines in one declaration (`goods_too_many`).
    public var maxGoodsLines: Int
    /// Most containers on one vehicle (`too_many_items`): two 20-foot or one 40/45-foot is the norm.
    public var maxContainers: Int
    /// Most quarantine certificates in one declaration (`too_many_items`).
    public var maxCertificates: Int
    /// How far ahead a crossing may be planned, in days after today (`date_out_of_range`).
    public var maxDaysAhead: Int
    /// How old a driver health declaration may be on the day of intake, in days.
    public var maxHealthDeclarationAgeDays: Int
    /// Most total gross weight of the goods, in kg (`weight_exceeds_vehicle`). Road vehicles at this
    /// crossing are limited to 48 t (Vietnam) and 49 t (China) in all, so 60 t of goods is a typo.
    public var maxTotalGrossKg: Int
    /// Youngest driver, in completed years on the planned crossing day (`driver_too_young`).
    public var minimumDriverAge: Int

    public init(
        json: JSONLimits = .init(),
        maxGoodsLines: Int = 200,
        maxContainers: Int = 3,
        maxCertificates: Int = 50,
        maxDaysAhead: Int = 30,
        maxHealthDeclarationAgeDays: Int = 7,
        maxTotalGrossKg: Int = 60_000,
        minimumDriverAge: Int = 18
    ) {
        self.json = json
        self.maxGoodsLines = maxGoodsLines
        self.maxContainers = maxContainers
        self.maxCertificates = maxCertificates
        self.maxDaysAhead = maxDaysAhead
        self.maxHealthDeclarationAgeDays = maxHealthDeclarationAgeDays
        self.maxTotalGrossKg = maxTotalGrossKg
        self.minimumDriverAge = minimumDriverAge
    }
}
