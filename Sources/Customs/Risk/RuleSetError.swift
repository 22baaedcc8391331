/// Why a ruleset was refused. The daemon keeps the ruleset in force and reports this.
public enum RuleSetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not JSON.
    case malformedJSON(JSONSyntaxError)
    /// JSON, but not a valid ruleset: every problem found, in document order.
    case invalid([RuleSetProblem])

    public var problems: [RuleSetProblem] {
        switch self {
        case .malformedJSON(let error): [RuleSetProblem(pointer: "", detail: error.description)]
        case .invalid(let problems): problems
        }
    }

    public var description: String {
        "ruleset refused: " + problems.map(\.description).joined(separator: "; ")
    }
}
