import PostgresClient
import Testing

@Suite struct NotifiedCacheTests {
    final class Loads: @unchecked Sendable {
        var count = 0
    }

    @Test func anInactiveCacheReadsThroughEveryTime() {
        let cache = NotifiedCache<String, Int>()
        let loads = Loads()
        for _ in 0..<3 { #expect(cache.value(for: "k") { loads.count += 1; return 7 } == 7) }
        #expect(loads.count == 3)
        #expect(cache.count == 0)
    }

    @Test func anActiveCacheReadsOnceUntilTheKeyIsInvalidated() {
        let cache = NotifiedCache<String, Int>()
        cache.activate()
        let loads = Loads()
        for _ in 0..<3 { #expect(cache.value(for: "k") { loads.count += 1; return 7 } == 7) }
        #expect(loads.count == 1)
        cache.invalidate("other")
        #expect(cache.value(for: "k") { loads.count += 1; return 8 } == 7)
        cache.invalidate("k")
        #expect(cache.value(for: "k") { loads.count += 1; return 8 } == 8)
        #expect(loads.count == 2)
    }

    @Test func aMissingRowIsNotCached() {
        let cache = NotifiedCache<String, Int>()
        cache.activate()
        let loads = Loads()
        #expect(cache.value(for: "k") { loads.count += 1; return nil } == nil)
        #expect(cache.value(for: "k") { loads.count += 1; return nil } == nil)
        #expect(loads.count == 2)
    }

    /// The race that would keep a revoked key alive: a read sees the row before the change
    /// commits, the change's notification arrives, then the read tries to store what it saw.
    @Test func aReadOverlappingAnInvalidationDoesNotStoreWhatItRead() {
        let cache = NotifiedCache<String, String>()
        cache.activate()
        #expect(cache.value(for: "key") { () -> String? in
            cache.invalidate("key")  // the revocation's NOTIFY, heard while this read was in flight
            return "valid (as read before the revocation)"
        } == "valid (as read before the revocation)")
        #expect(cache.count == 0)
        #expect(cache.value(for: "key") { "revoked" } == "revoked")
        #expect(cache.count == 1)
    }

    @Test func losingTheListenerForgetsEverythingAndStopsCaching() {
        let cache = NotifiedCache<String, Int>()
        cache.activate()
        _ = cache.value(for: "a") { 1 }
        #expect(cache.count == 1)
        cache.deactivate()
        #expect(cache.count == 0)
        #expect(!cache.isActive)
        _ = cache.value(for: "a") { 2 }
        #expect(cache.count == 0)
        // A read in flight across the reconnect stores nothing either.
        #expect(cache.value(for: "a") { () -> Int? in cache.activate(); return 3 } == 3)
        #expect(cache.count == 0)
    }

    @Test func invalidateAllAndTheCapacityBoundEmptyTheCache() {
        let cache = NotifiedCache<Int, Int>(capacity: 4)
        cache.activate()
        for key in 0..<4 { _ = cache.value(for: key) { key } }
        #expect(cache.count == 4)
        _ = cache.value(for: 4) { 4 }
        #expect(cache.count == 1)
        cache.invalidateAll()
        #expect(cache.count == 0)
    }

    /// What the daemon wires to its listener: its own channel's payloads, the listener's state.
    @Test func aCacheFollowsItsChannelAndTheListenersState() {
        let cache = NotifiedCache<String, Int>()
        cache.follow(.listening, channel: "keys")
        #expect(cache.isActive)
        _ = cache.value(for: "a") { 1 }
        _ = cache.value(for: "b") { 2 }
        cache.follow(.notification(.init(channel: "other", payload: "a")), channel: "keys")
        #expect(cache.count == 2)
        cache.follow(.notification(.init(channel: "keys", payload: "a")), channel: "keys")
        #expect(cache.count == 1)
        cache.follow(.notification(.init(channel: "keys", payload: "")), channel: "keys")
        #expect(cache.count == 0)
        _ = cache.value(for: "a") { 1 }
        cache.follow(.lost, channel: "keys")
        #expect(!cache.isActive)
        #expect(cache.count == 0)
    }
}
