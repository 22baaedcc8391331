/// How the group commit gathers declarations into one transaction.
public struct GroupCommitConfiguration: Sendable {
    /// The most declarations in one transaction.
    public var maxBatch: Int
    /// How long the committer waits for more declarations once one is queued. Zero: none; batches
    /// still form, from whatever arrives while the previous commit waits for its WAL flush.
    public var maxWait: Duration

    public init(maxBatch: Int = 256, maxWait: Duration = .zero) {
        precondition(maxBatch >= 1, "a batch holds at least one declaration")
        self.maxBatch = maxBatch
        self.maxWait = maxWait
    }
}
