/// An RFC 6901 JSON pointer being built while the decoder walks the document.
///
/// A chain of immutable nodes, each holding its last token and its parent: the decoder makes a
/// pointer for every member it reads, and almost all of them are never printed (only a problem
/// prints one), so appending must cost one small allocation, not a copy of every token before it.
struct JSONPointer: Sendable, CustomStringConvertible {
    private enum Token: Sendable {
        case key(String)
        case index(Int)
    }

    private final class Node: Sendable {
        let parent: Node?
        let token: Token

        init(parent: Node?, token: Token) {
            self.parent = parent
            self.token = token
        }
    }

    private let last: Node?

    private init(last: Node?) {
        self.last = last
    }

    static let root = JSONPointer(last: nil)

    func appending(_ key: String) -> JSONPointer {
        JSONPointer(last: Node(parent: last, token: .key(key)))
    }

    func appending(_ index: Int) -> JSONPointer {
        JSONPointer(last: Node(parent: last, token: .index(index)))
    }

    /// `~` becomes `~0` and `/` becomes `~1`, in that order (RFC 6901, section 3).
    var description: String {
        var tokens: [String] = []
        var node = last
        while let current = node {
            switch current.token {
            case .key(let key): tokens.append(key.replacingTilde())
            case .index(let index): tokens.append(String(index))
            }
            node = current.parent
        }
        return tokens.reversed().map { "/" + $0 }.joined()
    }
}

private extension String {
    func replacingTilde() -> String {
        guard contains("~") || contains("/") else { return self }
        var result = ""
        for character in self {
            switch character {
            case "~": result += "~0"
            case "/": result += "~1"
            default: result.append(character)
            }
        }
        return result
    }
}
