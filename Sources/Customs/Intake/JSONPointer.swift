/// An RFC 6901 JSON pointer being built while the decoder walks the document.
struct JSONPointer: Sendable, CustomStringConvertible {
    private var tokens: [String] = []

    static let root = JSONPointer()

    func appending(_ key: String) -> JSONPointer {
        var copy = self
        copy.tokens.append(key)
        return copy
    }

    func appending(_ index: Int) -> JSONPointer {
        appending(String(index))
    }

    /// `~` becomes `~0` and `/` becomes `~1`, in that order (RFC 6901, section 3).
    var description: String {
        tokens.map { "/" + $0.replacingTilde() }.joined()
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
