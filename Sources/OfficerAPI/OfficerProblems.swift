import CarrierAPI
import Customs
import HTTPServer
import LaneStore
import Logging

/// The lane store's refusals as HTTP problems.
enum OfficerProblems {
    static let logger = Logger(label: "smartgate.officers")

    static func from(_ error: LaneStoreError) -> HTTPError {
        switch error {
        case .unavailable(let reason):
            logger.warning("database unavailable", metadata: ["reason": "\(reason)"])
            return HTTPError(.serviceUnavailable, code: "database_unavailable", detail: "The database is unavailable; try again shortly.",
                             headers: HTTPFields([("Retry-After", "2")]))
        case .notFound:
            return HTTPError(.notFound, code: "declaration_not_found", detail: "No such declaration (or it was stored before lanes existed).")
        case .wrongStatus(let status, let action):
            return HTTPError(.conflict, code: "declaration_\(status.rawValue)",
                             detail: "Cannot \(action) a declaration that is \(status.rawValue).", extra: ["status": status.rawValue])
        case .claimedByAnother(let officer, let since):
            return HTTPError(.conflict, code: "claimed_by_another_officer",
                             detail: "\(officer) has held this declaration since \(since).", extra: ["claimedBy": officer, "claimedAt": since])
        case .notClaimedByYou:
            return HTTPError(.conflict, code: "claim_required",
                             detail: "Claim the declaration (POST …/claim) before recording a result; only the claiming officer records it.")
        case .sameLane(let lane):
            return HTTPError(.conflict, code: "same_lane", detail: "The declaration is already in the \(lane.rawValue) lane.")
        case .rulesetVersionReused(let version):
            return HTTPError(.conflict, code: "ruleset_version_reused",
                             detail: "Ruleset version \(version) was loaded before with different content; decisions are replayed from it, so give this ruleset a new version.")
        case .rulesetRefused, .rulesetUnknown, .nameTaken, .officerNotFound, .alreadyRevoked, .database:
            logger.error("officer action failed", metadata: ["error": "\(error)"])
            return HTTPError(.internalServerError, code: "internal_error", detail: "The request could not be processed.")
        }
    }

    /// 422 with every problem of a refused ruleset; the ruleset in force stays.
    static func rulesetRefused(_ error: RuleSetError, inForce: String?, requestID: String) -> HTTPResponse {
        ProblemDocument.response(
            status: .unprocessableContent, code: "ruleset_invalid",
            detail: "The ruleset was refused (\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s")); ruleset \(inForce ?? "none") stays in force.",
            type: "https://smartgate.example/problems/ruleset-invalid", requestID: requestID,
            extra: ["errors": .array(error.problems.map { $0.jsonValue() }), "inForce": inForce.map { .string($0) } ?? .null])
    }

    static func invalidField(_ pointer: String, code: String, _ detail: String) -> HTTPError {
        HTTPError(.unprocessableContent, code: code, detail: detail, extra: ["pointer": pointer])
    }
}
