import Foundation

/// The answer a carrier got the first time it used an idempotency key, kept to be replayed.
public struct StoredAnswer: Sendable, Equatable {
    public var declarationID: UUID
    /// SHA-256 of the first request's body: a repeat must send the same bytes.
    public var requestSHA256: [UInt8]
    public var status: Int
    public var body: String

    public init(declarationID: UUID, requestSHA256: [UInt8], status: Int, body: String) {
        self.declarationID = declarationID
        self.requestSHA256 = requestSHA256
        self.status = status
        self.body = body
    }
}
