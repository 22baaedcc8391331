/// A complete response. Headers stay an ordered list, as received: a dictionary would hide a
/// repeated field, and the parser has already refused the repetitions that matter for framing.
public struct HTTPClientResponse: Sendable {
    public var status: Int
    /// Field names as the server spelled them, values without surrounding whitespace.
    public var headers: [(String, String)]
    /// The body, de-chunked; empty for HEAD, 1xx, 204 and 304.
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the field `name` (case-insensitive), or nil.
    public func header(_ name: String) -> String? {
        headers.first { Self.sameName($0.0, name) }?.1
    }

    /// Every value of the field `name` (case-insensitive), in order.
    public func headerValues(_ name: String) -> [String] {
        headers.filter { Self.sameName($0.0, name) }.map(\.1)
    }

    /// Field names are ASCII tokens, so an ASCII-only case fold is exact (and cheaper than
    /// `lowercased()`, which is Unicode-aware).
    static func sameName(_ a: String, _ b: String) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        return zip(x, y).allSatisfy { p, q in
            p == q || (p | 0x20 == q | 0x20 && (p | 0x20) >= UInt8(ascii: "a") && (p | 0x20) <= UInt8(ascii: "z"))
        }
    }
}
