/// What the group commit did with one pending declaration.
public enum CommitOutcome: Sendable, Equatable {
    /// Inserted and durably committed.
    case inserted
    /// Not inserted: another request committed a declaration with the same idempotency key
    /// first (another daemon, or a race this process's gate did not see). Look the key up.
    case idempotencyKeyTaken
    /// Not inserted: the API key it was submitted with (`PendingDeclaration.apiKeyID`) was
    /// revoked before the commit. Answer 401, as for a request made with a revoked key.
    case apiKeyRevoked
}
