import Foundation

/// Lets one request at a time work with a given (carrier, idempotency key) inside this process.
///
/// Twenty concurrent requests with one key must create one declaration. The first takes the key,
/// looks it up, inserts and commits; the others wait here, then find the committed answer and
/// replay it. Across several daemons the primary key of `idempotency_keys` (with ON CONFLICT DO
/// NOTHING in the group commit) gives the same result; this gate only saves them the round trips.
public final class IdempotencyGate: @unchecked Sendable {
    public struct Key: Hashable, Sendable {
        public var carrierID: UUID
        public var key: String

        public init(carrierID: UUID, key: String) {
            self.carrierID = carrierID
            self.key = key
        }
    }

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var held: Set<Key> = []

    public init() {}

    /// Runs `body` while holding `key`; waits while another request holds it.
    public func withKey<T, E: Error>(_ key: Key, _ body: () throws(E) -> T) throws(E) -> T {
        condition.lock()
        while held.contains(key) { condition.wait() }
        held.insert(key)
        condition.unlock()
        defer {
            condition.lock()
            held.remove(key)
            condition.broadcast()
            condition.unlock()
        }
        return try body()
    }
}
