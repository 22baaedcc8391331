/// The rules that can possibly fire for a declaration, found without scanning them all: rules with
/// HS prefixes are filed under each prefix, rules keyed on a watch list under the list, and only the
/// rest (a rule on direction or trader status alone, say) are checked for every declaration.
struct RuleIndex: Sendable {
    /// HS prefix → indexes of the rules listing it.
    private let byHSPrefix: [String: [Int]]
    /// The prefix lengths in use, so a lookup tries only those.
    private let prefixLengths: [Int]
    /// Watch-list name → indexes of the rules (without HS prefixes) that need a hit on that list.
    private let byWatchList: [String: [Int]]
    /// Normalised entry → the names of the lists of that kind holding it.
    private let listsByEntry: [WatchListKind: [String: [String]]]
    /// Rules with neither: always evaluated.
    private let unindexed: [Int]
    private let ruleCount: Int

    init(rules: [RiskRule], watchLists: [String: WatchList]) {
        var byHSPrefix: [String: [Int]] = [:]
        var byWatchList: [String: [Int]] = [:]
        var unindexed: [Int] = []
        for (index, rule) in rules.enumerated() {
            let c = rule.condition
            if let prefixes = c.hsPrefixes {
                for prefix in prefixes { byHSPrefix[prefix, default: []].append(index) }
            } else if let list = c.traderList ?? c.plateList ?? c.containerList ?? c.driverDocumentList {
                // Any one list the rule needs narrows it enough; the others are checked on evaluation.
                byWatchList[list, default: []].append(index)
            } else {
                unindexed.append(index)
            }
        }
        var listsByEntry: [WatchListKind: [String: [String]]] = [:]
        for list in watchLists.values.sorted(by: { $0.name < $1.name }) {
            for entry in list.entries { listsByEntry[list.kind, default: [:]][entry, default: []].append(list.name) }
        }
        self.byHSPrefix = byHSPrefix
        self.prefixLengths = Set(byHSPrefix.keys.map(\.utf8.count)).sorted()
        self.byWatchList = byWatchList
        self.listsByEntry = listsByEntry
        self.unindexed = unindexed
        self.ruleCount = rules.count
    }

    /// Indexes of the rules worth evaluating, ascending (document order), without repeats.
    func candidates(for declaration: Declaration) -> [Int] {
        // A flag a rule rather than a Set<Int> sorted at the end, and `HSCode.prefix`: this ran
        // for every declaration and was 4% of the daemon's instructions a declaration (callgrind,
        // Docs/benchmarks.md, 2026-12-04 evening).
        var wanted = [Bool](repeating: false, count: ruleCount)
        for index in unindexed { wanted[index] = true }
        for line in declaration.goods {
            for length in prefixLengths where length <= line.hsCode.utf8.count {
                if let rules = byHSPrefix[HSCode.prefix(line.hsCode, length)] {
                    for index in rules { wanted[index] = true }
                }
            }
        }
        if !byWatchList.isEmpty {
            for (kind, key) in Self.keys(of: declaration) {
                for name in listsByEntry[kind]?[key] ?? [] {
                    for index in byWatchList[name] ?? [] { wanted[index] = true }
                }
            }
        }
        return wanted.indices.filter { wanted[$0] }
    }

    /// What a declaration offers to each kind of watch list.
    static func keys(of declaration: Declaration) -> [(WatchListKind, String)] {
        var keys: [(WatchListKind, String)] = [(.trader, declaration.trader.taxCode), (.plate, declaration.vehicle.plate)]
        if let trailer = declaration.vehicle.trailerPlate { keys.append((.plate, trailer)) }
        for container in declaration.vehicle.containers { keys.append((.container, container.number)) }
        if let driver = declaration.driver {
            keys.append((.driverDocument, driver.document.number))
            keys.append((.driverDocument, driver.licence.number))
        }
        return keys
    }
}
