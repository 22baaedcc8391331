/// Counters of the group commit since start: the proof that requests share transactions.
public struct GroupCommitStatistics: Sendable, Equatable {
    /// Transactions committed (each one a single multi-row statement).
    public var commits = 0
    /// Declarations inserted by those transactions.
    public var rows = 0
    /// The most declarations one transaction carried.
    public var largestBatch = 0
    /// Batches that failed as a whole and were retried one declaration at a time.
    public var splitBatches = 0

    public init() {}
}
