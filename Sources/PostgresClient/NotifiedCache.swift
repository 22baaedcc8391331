import Synchronization

/// Rows read often and changed rarely (API keys, trader profiles), kept in memory only while a
/// `PostgresListener` hears every change to them.
///
/// Until it is activated, and whenever the listener has lost its session, the cache holds nothing
/// and every read goes to the database. A trigger NOTIFYs the row's key when it changes; the
/// listener calls `invalidate`. A read that started before an invalidation does not store what
/// it read (the generation moved), so a change that commits while a read is in flight is never
/// hidden behind a stale entry. What remains is the notification's own delay: a change is seen
/// here a few milliseconds after its COMMIT.
public final class NotifiedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var entries: [Key: Value] = [:]
        var generation: UInt64 = 0
        var active = false
    }

    private let state = Mutex(State())
    /// When full the cache starts again empty: a cheap bound for rows that are all alike.
    public let capacity: Int

    public init(capacity: Int = 10_000) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// The cached value, or `load()`'s (stored when the cache is active and nothing changed
    /// meanwhile). A nil from `load` (no such row) is not stored.
    public func value<E: Error>(for key: Key, load: () throws(E) -> Value?) throws(E) -> Value? {
        let (hit, generation) = state.withLock { state in (state.active ? state.entries[key] : nil, state.generation) }
        if let hit { return hit }
        guard let loaded = try load() else { return nil }
        state.withLock { state in
            guard state.active, state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = loaded
        }
        return loaded
    }

    /// The cached value, or nil when it would have to be read (not cached, or the cache inactive):
    /// for a caller on a thread that must not wait for the database.
    public func cachedValue(for key: Key) -> Value? {
        state.withLock { state in state.active ? state.entries[key] : nil }
    }

    public func invalidate(_ key: Key) {
        state.withLock { state in
            state.generation &+= 1
            state.entries[key] = nil
        }
    }

    public func invalidateAll() {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll()
        }
    }

    /// The listener is listening: changes from now on will be heard. Starts empty, since changes
    /// made while nobody listened were not.
    public func activate() {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll()
            state.active = true
        }
    }

    /// The listener lost its session: read through to the database until it is back.
    public func deactivate() {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll()
            state.active = false
        }
    }

    public var count: Int { state.withLock { $0.entries.count } }
    public var isActive: Bool { state.withLock { $0.active } }
}

extension NotifiedCache where Key == String {
    /// Follows a listener whose `channel` carries this cache's changes, as the NOTIFY triggers of
    /// Migrations/0006 send them: a row's key, or an empty payload for "everything" (TRUNCATE).
    /// Caches while the listener listens, and not while it has lost its session.
    public func follow(_ event: PostgresListener.Event, channel: String) {
        switch event {
        case .listening: activate()
        case .lost: deactivate()
        case .notification(let notification) where notification.channel == channel:
            if notification.payload.isEmpty { invalidateAll() } else { invalidate(notification.payload) }
        case .notification: break
        }
    }
}
