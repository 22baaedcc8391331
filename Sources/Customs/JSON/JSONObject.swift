/// A JSON object's members in document order. Keys are unique: the parser refuses duplicates, and
/// setting an existing key through the subscript replaces its value in place.
public struct JSONObject: Sendable, Equatable {
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    public private(set) var members: [Member]

    public init() {
        members = []
    }

    /// Members whose keys the caller knows to be unique (the parser checks them).
    init(uniqueMembers: [Member]) {
        members = uniqueMembers
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    /// Linear lookup: declaration objects have a dozen keys, where a scan beats hashing.
    public subscript(key: String) -> JSONValue? {
        get { members.first(where: { $0.key.isSameKey(key) })?.value }
        set {
            if let index = members.firstIndex(where: { $0.key.isSameKey(key) }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(literal: elements)
    }

    /// A literal's members in order, room reserved for them all; a repeated key keeps its first
    /// place and its last value, as assigning them one by one would. (Growing the array member by
    /// member was 4% of the daemon's instructions under the carrier load, callgrind, 2026-12-04.)
    init(literal elements: [(String, JSONValue)]) {
        var members: [Member] = []
        members.reserveCapacity(elements.count)
        for (key, value) in elements {
            if let index = members.firstIndex(where: { $0.key.isSameKey(key) }) {
                members[index].value = value
            } else {
                members.append(Member(key: key, value: value))
            }
        }
        self.members = members
    }
}

extension String {
    /// `==` for object keys, the lengths compared first: they are at hand for native strings, and
    /// `==` on two different keys takes the string comparison's slow path. The scans of members
    /// (look-ups, the parser's duplicate check, the decoder's field check) compare a key with
    /// every other key of its object: 2.4% of the daemon's instructions a declaration went there
    /// (callgrind, Docs/benchmarks.md, 2026-12-04 evening).
    @inline(__always)
    func isSameKey(_ other: String) -> Bool {
        utf8.count == other.utf8.count && self == other
    }
}
