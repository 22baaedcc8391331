import DeclarationStore
import Foundation
import HTTPServer

/// `Authorization: Bearer sgk_…` → the carrier it belongs to. One indexed look-up per request and
/// no cache, so a revoked key stops working at once.
public struct CarrierAuthenticator: Sendable {
    let carriers: CarrierStore

    public init(carriers: CarrierStore) {
        self.carriers = carriers
    }

    /// The carrier's id, or 401 (with `WWW-Authenticate: Bearer`, RFC 6750) for a missing,
    /// malformed, unknown or revoked key; 503 when the database cannot say.
    public func carrier(for request: HTTPRequest) throws(HTTPError) -> UUID {
        guard let header = request.headers["Authorization"] else {
            throw Self.unauthorized(code: "missing_api_key", detail: "Send the carrier's API key as `Authorization: Bearer sgk_…`.",
                                    challenge: #"Bearer realm="smartgate""#)
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
              let key = APIKey(token: parts[1].trimmingCharacters(in: .whitespaces))
        else {
            throw Self.invalidKey("The Authorization header does not carry a SmartGate API key (`Bearer sgk_<id>_<secret>`).")
        }
        let record: APIKeyRecord?
        do {
            record = try carriers.key(id: key.keyID)
        } catch {
            throw Problems.from(error)
        }
        guard let record, APIKey.constantTimeEqual(record.secretSHA256, key.secretSHA256) else {
            throw Self.invalidKey("The API key is not valid.")
        }
        guard !record.revoked else {
            throw Self.invalidKey("The API key \(key.keyID) has been revoked.")
        }
        return record.carrierID
    }

    static func invalidKey(_ detail: String) -> HTTPError {
        unauthorized(code: "invalid_api_key", detail: detail, challenge: #"Bearer realm="smartgate", error="invalid_token""#)
    }

    static func unauthorized(code: String, detail: String, challenge: String) -> HTTPError {
        HTTPError(.unauthorized, code: code, detail: detail, headers: HTTPFields([("WWW-Authenticate", challenge)]))
    }
}
