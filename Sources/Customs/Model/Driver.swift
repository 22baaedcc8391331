/// The person driving a manned vehicle across.
public struct Driver: Sendable, Equatable {
    public var fullName: String
    /// ISO 3166-1 alpha-2.
    public var nationality: String
    public var birthDate: CalendarDate
    public var document: IdentityDocument
    public var licence: DrivingLicence

    public init(fullName: String, nationality: String, birthDate: CalendarDate, document: IdentityDocument, licence: DrivingLicence) {
        self.fullName = fullName
        self.nationality = nationality
        self.birthDate = birthDate
        self.document = document
        self.licence = licence
    }
}
