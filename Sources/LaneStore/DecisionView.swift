import Customs
import DeclarationStore
import Foundation

/// A declaration's lane decision as officers read it: the explained decision of the current
/// version, the claim, and the inspection results and overrides since.
public struct DecisionView: Sendable {
    public let declarationID: UUID
    public let version: Int
    public let status: DeclarationStatus
    /// The lane now (an override may have changed the decided one).
    public let lane: Lane
    public let createdAt: String
    /// The current version's document.
    public let document: JSONValue
    public let decision: LaneDecision
    public let claim: JSONValue
    public let inspections: [JSONValue]
    public let overrides: [JSONValue]

    public func jsonValue() -> JSONValue {
        [
            "declarationId": .string(declarationID.uuidString.lowercased()),
            "version": .number(JSONNumber(version)),
            "status": .string(status.rawValue),
            "lane": .string(lane.rawValue),
            "createdAt": .string(createdAt),
            "decision": decision.jsonValue(),
            "claim": claim,
            "inspections": .array(inspections),
            "overrides": .array(overrides),
        ]
    }
}
