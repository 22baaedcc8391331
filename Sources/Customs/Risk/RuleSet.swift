import Foundation

/// A validated, versioned ruleset, indexed for the engine. Only `RuleSet.parse` makes one, so holding
/// one means every check in Docs/risk.md passed. Immutable: a reload makes a new one and the daemon
/// swaps it in, so a decision in flight keeps the ruleset it started with.
public struct RuleSet: Sendable {
    /// The version of the file format this build reads.
    public static let supportedFormat = 1

    /// The ruleset's own version, stored with every decision (`2026.11-pilot.1`).
    public let version: String
    public let description: String?
    public let thresholds: ScoreThresholds
    public let randomSelection: RandomSelectionRates
    /// Units of each currency per US dollar; `USD` is always 1.
    public let exchangeRates: [String: Amount]
    /// By HS prefix.
    public let valueReferences: [String: ValueReference]
    /// By name.
    public let watchLists: [String: WatchList]
    /// In document order, which is the order fired rules are reported in.
    public let rules: [RiskRule]

    let index: RuleIndex

    init(version: String, description: String?, thresholds: ScoreThresholds, randomSelection: RandomSelectionRates,
         exchangeRates: [String: Amount], valueReferences: [String: ValueReference], watchLists: [String: WatchList], rules: [RiskRule]) {
        self.version = version
        self.description = description
        self.thresholds = thresholds
        self.randomSelection = randomSelection
        self.exchangeRates = exchangeRates
        self.valueReferences = valueReferences
        self.watchLists = watchLists
        self.rules = rules
        self.index = RuleIndex(rules: rules, watchLists: watchLists)
    }

    /// Parses and validates a ruleset document (Docs/risk.md). Returns the ruleset or every problem.
    public static func parse(_ bytes: [UInt8]) -> Result<RuleSet, RuleSetError> {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes, limits: JSONLimits(maxBytes: 32 << 20, maxDepth: 16))
        } catch {
            return .failure(.malformedJSON(error))
        }
        var decoder = RuleSetDecoder()
        if let ruleset = decoder.decode(document), decoder.problems.isEmpty {
            return .success(ruleset)
        }
        return .failure(.invalid(decoder.problems))
    }

    public static func parse(_ text: String) -> Result<RuleSet, RuleSetError> {
        parse(Array(text.utf8))
    }
}
