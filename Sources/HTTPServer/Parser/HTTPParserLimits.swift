/// Size limits the parser enforces while it reads a request head.
public struct HTTPParserLimits: Sendable, Equatable {
    /// Longest request-target; longer gets 414.
    public var maxTargetLength: Int
    /// The header section (field lines and the empty line) must stay below this; else 431.
    public var maxHeaderSectionBytes: Int
    /// Most field lines in the header section (and, separately, in a trailer section); else 431.
    public var maxFieldCount: Int

    public init(maxTargetLength: Int = 8192, maxHeaderSectionBytes: Int = 16384, maxFieldCount: Int = 100) {
        self.maxTargetLength = maxTargetLength
        self.maxHeaderSectionBytes = maxHeaderSectionBytes
        self.maxFieldCount = maxFieldCount
    }
}
