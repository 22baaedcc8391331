import Customs
import DeclarationStore
import Foundation

/// Gives a declaration its lane at intake: the ruleset in force, what is known of the trader, a
/// fresh seed and the submission time go into the pure `RiskEngine`; the decision is stored with
/// the declaration by the caller, in the same transaction.
public struct LaneRouter: Sendable {
    public let registry: RulesetRegistry
    public let traders: TraderRegister

    public init(registry: RulesetRegistry, traders: TraderRegister) {
        self.registry = registry
        self.traders = traders
    }

    public func decide(_ declaration: Declaration, at time: Timestamp) throws(LaneStoreError) -> LaneDecision {
        guard let ruleset = registry.current else { throw .unavailable("no risk ruleset is loaded") }
        return Self.decide(declaration, trader: try traders.profile(taxCode: declaration.trader.taxCode), ruleset: ruleset, at: time)
    }

    /// As `decide`, but nil instead of reading the trader's profile from the database: for a
    /// thread that must not wait (an I/O thread), which then hands the declaration to one that may.
    public func decideWithoutWaiting(_ declaration: Declaration, at time: Timestamp) throws(LaneStoreError) -> LaneDecision? {
        guard let ruleset = registry.current else { throw .unavailable("no risk ruleset is loaded") }
        guard let profile = traders.cachedProfile(taxCode: declaration.trader.taxCode) else { return nil }
        return Self.decide(declaration, trader: profile, ruleset: ruleset, at: time)
    }

    private static func decide(_ declaration: Declaration, trader profile: TraderProfile, ruleset: RuleSet, at time: Timestamp) -> LaneDecision {
        // The system generator (getrandom): a trader must not be able to predict the draw.
        var system = SystemRandomNumberGenerator()
        return RiskEngine.decide(declaration, trader: profile, ruleset: ruleset, seed: system.next(),
                                 at: UTCTimestamp(millisecondsSince1970: time.microseconds / 1000))
    }
}
