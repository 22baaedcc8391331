import PostgresClient

/// What a store operation can answer besides success, with what the API needs to say.
public enum DeclarationStoreError: Error, Sendable, CustomStringConvertible {
    /// PostgreSQL is unreachable, restarting, or every connection is busy: try again later (503).
    case unavailable(String)
    /// No such declaration for this carrier (another carrier's declaration is "not found" too).
    case notFound
    /// The declaration's status forbids the change (amending a cancelled one, cancelling a released one).
    case notAllowed(status: DeclarationStatus)
    /// An officer is working on the declaration, so the carrier can no longer change it.
    case claimedByOfficer
    /// Anything else PostgreSQL refused: a bug or a broken invariant, logged and answered 500.
    case database(PostgresError)

    public var description: String {
        switch self {
        case .unavailable(let reason): "the database is unavailable: \(reason)"
        case .notFound: "no such declaration"
        case .notAllowed(let status): "not allowed while the declaration is \(status.rawValue)"
        case .claimedByOfficer: "an officer is working on the declaration"
        case .database(let error): "\(error)"
        }
    }

    /// Sorts a client error into "try again later" and "something is wrong".
    public static func from(_ error: any Error) -> DeclarationStoreError {
        if let error = error as? DeclarationStoreError { return error }
        guard let error = error as? PostgresError else {
            return .unavailable("\(error)")
        }
        switch error.kind {
        case .connectionFailed, .connectionLost, .poolTimeout, .poolClosed:
            return .unavailable(error.message)
        default:
            // Admin shutdown, crash recovery, too many connections: transient server states.
            if let state = error.sqlState, state.hasPrefix("57P") || state == "53300" || state.hasPrefix("08") {
                return .unavailable(error.message)
            }
            return .database(error)
        }
    }
}
