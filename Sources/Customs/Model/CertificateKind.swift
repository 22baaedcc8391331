/// The kinds of quarantine certificate the intake checks for.
public enum CertificateKind: String, Sendable, CaseIterable {
    /// Plant quarantine (IPPC phytosanitary certificate): live plants, vegetables, fruit, cereals…
    case phytosanitary
    /// Animal quarantine (veterinary health certificate): live animals, meat, fish, dairy…
    case veterinary
}
