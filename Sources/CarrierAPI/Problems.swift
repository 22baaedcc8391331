import DeclarationStore
import HTTPServer
import Logging

/// The store's refusals as HTTP problems. A database that is down or busy is a 503 with
/// Retry-After (the request may be repeated, with its idempotency key); never a 500.
enum Problems {
    static let logger = Logger(label: "smartgate.api")

    static func from(_ error: DeclarationStoreError) -> HTTPError {
        switch error {
        case .unavailable(let reason):
            logger.warning("database unavailable", metadata: ["reason": "\(reason)"])
            return HTTPError(.serviceUnavailable, code: "database_unavailable",
                             detail: "The declaration store is unavailable; try again shortly (with the same Idempotency-Key).",
                             headers: HTTPFields([("Retry-After", "2")]))
        case .notFound:
            return notFound
        case .notAllowed(let status):
            return HTTPError(.conflict, code: "declaration_\(status.rawValue)",
                             detail: "The declaration is \(status.rawValue); only a declaration still waiting for an officer can be changed.",
                             extra: ["status": status.rawValue])
        case .claimedByOfficer:
            return HTTPError(.conflict, code: "declaration_claimed",
                             detail: "An officer is checking the declaration; it can no longer be amended or cancelled.")
        case .database(let error):
            logger.error("database error", metadata: ["error": "\(error)"])
            return HTTPError(.internalServerError, code: "internal_error", detail: "The declaration could not be processed.")
        }
    }

    static let notFound = HTTPError(.notFound, code: "declaration_not_found", detail: "No such declaration.")
}
