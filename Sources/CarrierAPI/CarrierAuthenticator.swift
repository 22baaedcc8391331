import DeclarationStore
import Foundation
import HTTPServer

/// `Authorization: Bearer sgk_…` → the carrier it belongs to. The key is read from the database,
/// or from the daemon's key cache, which forgets a key when its revocation's NOTIFY arrives (a few
/// milliseconds after the COMMIT). Declarations are stricter still: the group commit inserts one
/// only if its key is still unrevoked at that commit (`PendingDeclaration.apiKeyID`).
public struct CarrierAuthenticator: Sendable {
    /// Who made the request: the carrier, and which of its keys.
    public struct Identity: Sendable, Equatable {
        public var carrierID: UUID
        public var keyID: String
    }

    let carriers: CarrierStore

    public init(carriers: CarrierStore) {
        self.carriers = carriers
    }

    /// The carrier's id, or 401 (with `WWW-Authenticate: Bearer`, RFC 6750) for a missing,
    /// malformed, unknown or revoked key; 503 when the database cannot say.
    public func carrier(for request: HTTPRequest) throws(HTTPError) -> UUID {
        try identity(for: request).carrierID
    }

    /// As `carrier(for:)`, with the key id as well.
    public func identity(for request: HTTPRequest) throws(HTTPError) -> Identity {
        let key = try Self.presentedKey(request)
        let record: APIKeyRecord?
        do {
            record = try carriers.key(id: key.keyID)
        } catch {
            throw Problems.from(error)
        }
        return try Self.check(key, against: record)
    }

    /// As `identity(for:)` when the key cache can answer (a malformed or missing key needs no
    /// answer from it); nil when only the database can say.
    public func cachedIdentity(for request: HTTPRequest) throws(HTTPError) -> Identity? {
        let key = try Self.presentedKey(request)
        guard let record = carriers.cachedKey(id: key.keyID) else { return nil }
        return try Self.check(key, against: record)
    }

    private static func presentedKey(_ request: HTTPRequest) throws(HTTPError) -> APIKey {
        guard let header = request.headers["Authorization"] else {
            throw Self.unauthorized(code: "missing_api_key", detail: "Send the carrier's API key as `Authorization: Bearer sgk_…`.",
                                    challenge: #"Bearer realm="smartgate""#)
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
              let key = APIKey(token: String(parts[1].trimmingOWS()))
        else {
            throw Self.invalidKey("The Authorization header does not carry a SmartGate API key (`Bearer sgk_<id>_<secret>`).")
        }
        return key
    }

    private static func check(_ key: APIKey, against record: APIKeyRecord?) throws(HTTPError) -> Identity {
        guard let record, APIKey.constantTimeEqual(record.secretSHA256, key.secretSHA256) else {
            throw Self.invalidKey("The API key is not valid.")
        }
        guard !record.revoked else {
            throw Self.revoked(keyID: key.keyID)
        }
        return Identity(carrierID: record.carrierID, keyID: key.keyID)
    }

    /// The 401 for a key found revoked only when its declaration was committed.
    static func revoked(keyID: String) -> HTTPError {
        invalidKey("The API key \(keyID) has been revoked.")
    }

    static func invalidKey(_ detail: String) -> HTTPError {
        unauthorized(code: "invalid_api_key", detail: detail, challenge: #"Bearer realm="smartgate", error="invalid_token""#)
    }

    static func unauthorized(code: String, detail: String, challenge: String) -> HTTPError {
        HTTPError(.unauthorized, code: code, detail: detail, headers: HTTPFields([("WWW-Authenticate", challenge)]))
    }
}
