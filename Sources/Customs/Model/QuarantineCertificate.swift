/// A plant or animal quarantine certificate and the goods lines it covers.
public struct QuarantineCertificate: Sendable, Equatable {
    public var kind: CertificateKind
    public var number: String
    public var issuer: String
    /// The issuing country, ISO 3166-1 alpha-2.
    public var country: String
    public var issuedOn: CalendarDate
    public var expiresOn: CalendarDate
    /// Indexes into `Declaration.goods`, from 0.
    public var goodsLines: [Int]

    public init(kind: CertificateKind, number: String, issuer: String, country: String, issuedOn: CalendarDate, expiresOn: CalendarDate, goodsLines: [Int]) {
        self.kind = kind
        self.number = number
        self.issuer = issuer
        self.country = country
        self.issuedOn = issuedOn
        self.expiresOn = expiresOn
        self.goodsLines = goodsLines
    }
}
