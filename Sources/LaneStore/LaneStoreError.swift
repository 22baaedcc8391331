import DeclarationStore
import Foundation
import Customs
import PostgresClient

/// What an officer's action can answer besides success, with what the API needs to say.
public enum LaneStoreError: Error, Sendable, CustomStringConvertible {
    case unavailable(String)
    case notFound
    /// The declaration is not in a state this action applies to.
    case wrongStatus(DeclarationStatus, action: String)
    /// Another officer holds the declaration.
    case claimedByAnother(officer: String, since: String)
    /// The action needs the declaration claimed by this officer first.
    case notClaimedByYou
    case sameLane(Lane)
    case nameTaken(String)
    case officerNotFound(String)
    case alreadyRevoked(String)
    case rulesetRefused(RuleSetError)
    /// A ruleset version names one document for ever: decisions are replayed from it.
    case rulesetVersionReused(String)
    case rulesetUnknown(String)
    case database(PostgresError)

    public var description: String {
        switch self {
        case .unavailable(let reason): "the database is unavailable: \(reason)"
        case .notFound: "no such declaration"
        case .wrongStatus(let status, let action): "cannot \(action) a declaration that is \(status.rawValue)"
        case .claimedByAnother(let officer, let since): "\(officer) has held this declaration since \(since)"
        case .notClaimedByYou: "claim the declaration first"
        case .sameLane(let lane): "the declaration is already in the \(lane.rawValue) lane"
        case .nameTaken(let name): "an officer named \"\(name)\" already exists"
        case .officerNotFound(let name): "no officer or token \"\(name)\""
        case .alreadyRevoked(let name): "every token of \"\(name)\" is already revoked"
        case .rulesetRefused(let error): "\(error)"
        case .rulesetVersionReused(let version): "ruleset version \(version) was already loaded with different content; give the new ruleset a new version"
        case .rulesetUnknown(let version): "no ruleset \(version) was ever loaded"
        case .database(let error): "\(error)"
        }
    }

    static func from(_ error: any Error) -> LaneStoreError {
        if let error = error as? LaneStoreError { return error }
        switch DeclarationStoreError.from(error) {
        case .unavailable(let reason): return .unavailable(reason)
        case .notFound: return .notFound
        case .database(let error): return .database(error)
        case .notAllowed(let status): return .wrongStatus(status, action: "change")
        case .claimedByOfficer: return .claimedByAnother(officer: "an officer", since: "")
        }
    }
}

/// Runs `body` and sorts any failure into the store's errors.
func run<T>(_ body: () throws -> T) throws(LaneStoreError) -> T {
    do {
        return try body()
    } catch {
        throw LaneStoreError.from(error)
    }
}
