import Customs

/// Where a declaration is in its life. The lane decides the first step: green is released at
/// once, yellow waits for an officer's document check, red for an inspection.
public enum DeclarationStatus: String, Sendable, CaseIterable {
    /// Accepted before lane routing existed (kept for declarations stored by earlier versions).
    case submitted
    /// Yellow lane: documents to be checked by an officer.
    case awaitingDocuments = "awaiting_documents"
    /// Red lane: documents and goods to be inspected.
    case awaitingInspection = "awaiting_inspection"
    /// Withdrawn by the carrier; kept for the record, no longer amendable.
    case cancelled
    /// Released at the gate; history only.
    case released
    /// An inspection found a discrepancy or seized goods: the goods stay until the case is closed.
    case held

    /// The status a lane decision gives.
    public init(lane: Lane) {
        switch lane {
        case .green: self = .released
        case .yellow: self = .awaitingDocuments
        case .red: self = .awaitingInspection
        }
    }

    /// A carrier may still amend or cancel (an officer's claim also stops it).
    public var isChangeableByCarrier: Bool {
        self == .submitted || self == .awaitingDocuments || self == .awaitingInspection
    }

    /// Waiting in an officer's queue.
    public var isAwaitingOfficer: Bool { self == .awaitingDocuments || self == .awaitingInspection }
}
