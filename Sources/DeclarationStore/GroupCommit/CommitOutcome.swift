/// What the group commit did with one pending declaration.
public enum CommitOutcome: Sendable, Equatable {
    /// Inserted and durably committed.
    case inserted
    /// Not inserted: another request committed a declaration with the same idempotency key
    /// first (another daemon, or a race this process's gate did not see). Look the key up.
    case idempotencyKeyTaken
}
