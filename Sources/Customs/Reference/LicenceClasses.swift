/// Driving licence classes that the intake recognises: Vietnam's under the 2008 Road Traffic Law,
/// Vietnam's under the 2024 Road Traffic Order and Safety Law (from 1 January 2025), and China's
/// (公安部令 第162号). Old Vietnamese licences stay valid until they expire, so both sets apply.
enum LicenceClasses {
    static let vietnam2008: Set<String> = ["A1", "A2", "A3", "A4", "B1", "B2", "C", "D", "E", "FB2", "FC", "FD", "FE"]
    static let vietnam2024: Set<String> = ["A1", "A", "B1", "B", "C1", "C", "D1", "D2", "D", "BE", "C1E", "CE", "D1E", "D2E", "DE"]
    static let china: Set<String> = ["A1", "A2", "A3", "B1", "B2", "C1", "C2", "C3", "C4", "C5", "C6", "D", "E", "F", "M", "N", "P"]
    static let known: Set<String> = vietnam2008.union(vietnam2024).union(china)

    /// Classes that allow a heavy tractor with a semi-trailer: FC (Vietnam 2008), CE (Vietnam 2024),
    /// A2 (China, 重型牵引挂车).
    static let tractorTrailer: Set<String> = ["FC", "CE", "A2"]
}
