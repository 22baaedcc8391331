/// Bounds that keep a hostile body from costing more than a legitimate one. A declaration of 200
/// goods lines is about 80 KB, nests 5 deep, and has no string over a few hundred bytes.
public struct JSONLimits: Sendable, Equatable {
    /// Largest document, in bytes.
    public var maxBytes: Int
    /// Deepest nesting of arrays and objects (the top-level value is depth 1).
    public var maxDepth: Int
    /// Longest string (key or value), in UTF-8 bytes after unescaping.
    public var maxStringBytes: Int
    /// Longest number, in characters of its text.
    public var maxNumberLength: Int

    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 32, maxStringBytes: Int = 64 * 1024, maxNumberLength: Int = 64) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
        self.maxNumberLength = maxNumberLength
    }
}
