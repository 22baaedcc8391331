/// What the group commit did with one pending declaration.
public enum CommitOutcome: Sendable, Equatable {
    /// Inserted and durably committed.
    case inserted
    /// Not inserted: another request committed a declaration with the same idempotency key
    /// first (another daemon, or a race this process's gate did not see). Look the key up.
    case idempotencyKeyTaken
    /// Not inserted: the credential it was submitted with was withdrawn before the commit, the
    /// carrier's API key revoked (`PendingDeclaration.apiKeyID`) or the partner's signing key
    /// retired or expired (`PendingDeclaration.partnerKeyID`). Answer 401, as for a request made
    /// with that credential withdrawn.
    case credentialRevoked
}
