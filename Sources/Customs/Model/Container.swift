/// One container on the vehicle.
public struct Container: Sendable, Equatable {
    /// ISO 6346 number with a correct check digit, e.g. `CSQU3054383`.
    public var number: String
    /// The customs or shipper's seal number, when sealed.
    public var seal: String?

    public init(number: String, seal: String? = nil) {
        self.number = number
        self.seal = seal
    }
}
