import Synchronization

/// How many scheduled pushes were made, shared with the schedule's thread.
final class PushCounter: Sendable {
    private let count = Atomic<Int>(0)
    var value: Int { count.load(ordering: .relaxed) }
    func increment() { count.add(1, ordering: .relaxed) }
}
