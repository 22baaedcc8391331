/// What a watch list holds, which decides how its entries are checked and what they are matched with.
public enum WatchListKind: String, Sendable, CaseIterable {
    /// Normalised plates (`12C-123.45`, `桂F12345`); matched with the vehicle's plate and trailer plate.
    case plate
    /// ISO 6346 container numbers with a correct check digit; matched with every container.
    case container
    /// Passport, ID card, border pass or driving licence numbers; matched with the driver's document
    /// number and licence number.
    case driverDocument = "driver_document"
    /// Vietnamese MST or Chinese USCC; matched with the declarant's tax code.
    case trader
}
