/// Which quarantine a goods line's HS chapter calls for, as the intake knows it (`QuarantineChapters`).
public enum QuarantineNeed: String, Sendable, CaseIterable {
    /// Either certificate.
    case any
    case phytosanitary
    case veterinary

    func matches(_ kind: CertificateKind?) -> Bool {
        switch (self, kind) {
        case (_, nil): false
        case (.any, _?): true
        case (.phytosanitary, .phytosanitary?), (.veterinary, .veterinary?): true
        default: false
        }
    }
}
