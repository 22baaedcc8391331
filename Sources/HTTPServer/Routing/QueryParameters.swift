/// A parsed query string (application/x-www-form-urlencoded rules): ordered pairs, repeated
/// names kept, names and values percent-decoded ("+" is a space). Malformed pairs are skipped.
public struct QueryParameters: Sendable, Sequence {
    public private(set) var pairs: [(name: String, value: String)]

    public init(parsing query: String) {
        pairs = []
        guard !query.isEmpty else { return }
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let eq = part.firstIndex(of: "=") {
                name = part[..<eq]
                value = part[part.index(after: eq)...]
            } else {
                name = part
                value = ""
            }
            guard let n = PercentDecoding.decode(name, plusIsSpace: true),
                let v = PercentDecoding.decode(value, plusIsSpace: true)
            else { continue }
            pairs.append((n, v))
        }
    }

    /// The first value for `name`.
    public subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value for `name`, in order.
    public func values(for name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { pairs.makeIterator() }
}
