/// SplitMix64 (Steele, Lea and Flood 2014; the constants of Vigna's reference `splitmix64.c`): a tiny
/// generator whose whole state is the seed. Random selection must be replayable from the seed stored
/// with a decision, so the engine never touches the system generator; the daemon draws the seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform draw from [0, 1) with 53 random bits: every value is exact in a Double, so the draw
    /// prints and reads back unchanged.
    public mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1p-53
    }
}
