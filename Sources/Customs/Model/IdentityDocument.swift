/// The driver's travel or identity document.
public struct IdentityDocument: Sendable, Equatable {
    public var type: DocumentType
    public var number: String
    /// Required for passports and border passes; identity cards issued late in life never expire,
    /// so it may be absent for `citizen_id` and `resident_id`.
    public var expiresOn: CalendarDate?

    public init(type: DocumentType, number: String, expiresOn: CalendarDate?) {
        self.type = type
        self.number = number
        self.expiresOn = expiresOn
    }
}
