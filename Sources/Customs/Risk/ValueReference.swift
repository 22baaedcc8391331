import Foundation

/// The lowest plausible customs value per kilogram of net weight for goods under an HS prefix, in US
/// dollars. A goods line is compared with the reference of the longest prefix of its HS code.
public struct ValueReference: Sendable, Hashable {
    /// 2 to 10 digits: chapter, heading, subheading or a national line.
    public let hsPrefix: String
    public let usdPerKg: Amount
    /// What the goods are, for the officer reading the explanation.
    public let goods: String?

    init(hsPrefix: String, usdPerKg: Amount, goods: String?) {
        self.hsPrefix = hsPrefix
        self.usdPerKg = usdPerKg
        self.goods = goods
    }
}
