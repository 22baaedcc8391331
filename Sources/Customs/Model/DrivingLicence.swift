/// The driver's driving licence.
public struct DrivingLicence: Sendable, Equatable {
    public var number: String
    /// The class as printed on the licence (`FC`, `CE`, `A2`); `class` in JSON.
    public var licenceClass: String
    public var expiresOn: CalendarDate

    public init(number: String, licenceClass: String, expiresOn: CalendarDate) {
        self.number = number
        self.licenceClass = licenceClass
        self.expiresOn = expiresOn
    }
}
