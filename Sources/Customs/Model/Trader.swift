/// The declarant: the Vietnamese or Chinese company that answers for the goods.
public struct Trader: Sendable, Equatable {
    /// Vietnamese MST (`4900567896`, or `4900567896-001` for a branch) or Chinese USCC (18 characters).
    public var taxCode: String
    public var name: String
    /// `VN` or `CN`; decides which tax code format applies.
    public var country: String

    public init(taxCode: String, name: String, country: String) {
        self.taxCode = taxCode
        self.name = name
        self.country = country
    }
}
