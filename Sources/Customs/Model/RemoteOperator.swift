/// The accountable person supervising an unmanned truck, and how to reach them during the crossing.
public struct RemoteOperator: Sendable, Equatable {
    public var name: String
    public var organisation: String
    /// The operator's licence or certificate number for remote supervision.
    public var licenceNumber: String
    /// E.164 (`+84912345678`); at least one of `phone` and `email` is given.
    public var phone: String?
    public var email: String?

    public init(name: String, organisation: String, licenceNumber: String, phone: String? = nil, email: String? = nil) {
        self.name = name
        self.organisation = organisation
        self.licenceNumber = licenceNumber
        self.phone = phone
        self.email = email
    }
}
