import CarrierAPI
import Foundation
import HTTPServer
import LaneStore

/// `Authorization: Bearer sgo_…` → the officer, and the role checks. A carrier's key is not an
/// officer's token (different prefix, different table), so it never reaches an officer route.
public struct OfficerAuthenticator: Sendable {
    let officers: OfficerStore

    public init(officers: OfficerStore) {
        self.officers = officers
    }

    public func officer(for request: HTTPRequest) throws(HTTPError) -> Officer {
        guard let header = request.headers["Authorization"] else {
            throw Self.unauthorized(code: "missing_officer_token", detail: "Send the officer's token as `Authorization: Bearer sgo_…`.",
                                    challenge: #"Bearer realm="smartgate-officers""#)
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
              let token = APIKey(token: parts[1].trimmingCharacters(in: .whitespaces), prefix: "sgo")
        else {
            throw Self.invalid("The Authorization header does not carry an officer token (`Bearer sgo_<id>_<secret>`); carriers' keys are not accepted here.")
        }
        let record: OfficerTokenRecord?
        do {
            record = try officers.token(id: token.keyID)
        } catch {
            throw OfficerProblems.from(error)
        }
        guard let record, APIKey.constantTimeEqual(record.secretSHA256, token.secretSHA256) else {
            throw Self.invalid("The officer token is not valid.")
        }
        guard !record.revoked else { throw Self.invalid("The officer token \(token.keyID) has been revoked.") }
        return record.officer
    }

    /// The officer, if their role is one of `roles`; 403 naming the roles otherwise.
    public func officer(for request: HTTPRequest, roles: Set<OfficerRole>, action: String) throws(HTTPError) -> Officer {
        let officer = try officer(for: request)
        guard roles.contains(officer.role) else {
            let allowed = OfficerRole.allCases.filter(roles.contains).map(\.rawValue).joined(separator: " or ")
            throw HTTPError(.forbidden, code: "role_not_allowed",
                            detail: "A \(officer.role.rawValue) officer cannot \(action); it takes a \(allowed) officer.",
                            extra: ["role": officer.role.rawValue])
        }
        return officer
    }

    static func invalid(_ detail: String) -> HTTPError {
        unauthorized(code: "invalid_officer_token", detail: detail, challenge: #"Bearer realm="smartgate-officers", error="invalid_token""#)
    }

    static func unauthorized(code: String, detail: String, challenge: String) -> HTTPError {
        HTTPError(.unauthorized, code: code, detail: detail, headers: HTTPFields([("WWW-Authenticate", challenge)]))
    }
}
