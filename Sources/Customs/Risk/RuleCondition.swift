import Foundation

/// When a rule fires: every criterion given must hold (AND); within a list criterion any value will do
/// (OR). Goods-line criteria must all hold for the same line, so "durian from Thailand" does not fire
/// for a truck carrying Thai mangoes and Vietnamese durian. Absent criteria are not checked.
public struct RuleCondition: Sendable, Hashable {
    // The crossing.
    public var directions: Set<Direction>?
    public var crossings: Set<Crossing>?

    // The declarant.
    /// The name of a `trader` watch list holding the declarant's tax code.
    public var traderList: String?
    public var authorisedOperator: Bool?
    public var complianceLevelAtLeast: ComplianceLevel?
    public var findingsAtLeast: Int?

    // Vehicle and driver.
    /// The name of a `plate` watch list holding the plate or the trailer plate.
    public var plateList: String?
    /// The name of a `container` watch list holding one of the containers.
    public var containerList: String?
    /// The name of a `driver_document` watch list holding the driver's document or licence number.
    public var driverDocumentList: String?
    public var unmannedVehicle: Bool?
    /// The driver declared fever or a symptom (`HealthDeclaration.needsReferral`).
    public var driverHealthReferral: Bool?

    // One goods line.
    /// HS code prefixes of 2 to 10 digits.
    public var hsPrefixes: [String]?
    /// Countries of origin, ISO 3166-1 alpha-2.
    public var origins: Set<String>?
    public var quarantineCertificate: QuarantineNeed?
    /// Fires when the line's value per net kg, in USD, is below this fraction of the reference for its
    /// HS code (`1` = below the reference itself).
    public var valuePerKgBelowReference: Amount?

    public init() {}

    /// True when a goods-line criterion is given, so the rule needs a matching line.
    var hasLineCriteria: Bool {
        hsPrefixes != nil || origins != nil || quarantineCertificate != nil || valuePerKgBelowReference != nil
    }

    var isEmpty: Bool { self == RuleCondition() }
}
