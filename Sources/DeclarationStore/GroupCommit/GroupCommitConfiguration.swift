/// How the group commit gathers declarations into one transaction.
public struct GroupCommitConfiguration: Sendable {
    /// The most declarations in one transaction.
    public var maxBatch: Int
    /// How long the committer waits for more declarations once one is queued. Zero: none; batches
    /// still form, from whatever arrives while the previous commit waits for its WAL flush.
    public var maxWait: Duration
    /// Committer threads, each with its own connection. With two, one batch is written while the
    /// other waits for its COMMIT; their audit entries and releases still go in commit order,
    /// since each statement holds the audit and feed heads until it commits. One by default:
    /// where a WAL flush costs little (the benchmark machine), two only add contention.
    public var committers: Int
    /// How long a commit may wait for declarations already on their way (`GroupCommitter.intend`:
    /// being validated and given a lane, about to be submitted). Never waits when none is: at low
    /// load a declaration commits alone at once. Each statement has a fixed cost (its plan's
    /// nodes, the audit and feed heads, the release trigger): a partner's batch of 2 took
    /// PostgreSQL about 0.55 ms per declaration, a batch of 8 about 0.31 (Docs/benchmarks.md; measured
    /// before Migrations/0010 took 0.69 ms of planning out of every releasing statement).
    public var comingWait: Duration
    /// The coming wait applies only while the batch holds fewer declarations than this. Waiting
    /// idles PostgreSQL's backend, and under 64 carrier connections, where batches carry 17 or more
    /// anyway, a 2 ms wait every commit left 14% of the machine idle and cost 15% of the
    /// throughput (Docs/benchmarks.md, 2026-12-03); the fixed cost of a statement is worth waiting
    /// to share when a batch is small, as a partner's are.
    public var comingWaitBelow: Int

    public init(maxBatch: Int = 256, maxWait: Duration = .zero, committers: Int = 1, comingWait: Duration = .zero,
                comingWaitBelow: Int = 8) {
        precondition(maxBatch >= 1, "a batch holds at least one declaration")
        precondition(committers >= 1, "at least one committer")
        precondition(comingWaitBelow >= 1, "a coming wait applies below at least one declaration")
        self.maxBatch = maxBatch
        self.maxWait = maxWait
        self.committers = committers
        self.comingWait = comingWait
        self.comingWaitBelow = comingWaitBelow
    }
}
