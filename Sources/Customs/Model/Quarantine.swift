/// Health, plant and animal quarantine: the driver's health declaration and the certificates.
public struct Quarantine: Sendable, Equatable {
    /// Required for a manned vehicle, absent for an unmanned one.
    public var driverHealth: HealthDeclaration?
    public var certificates: [QuarantineCertificate]

    public init(driverHealth: HealthDeclaration? = nil, certificates: [QuarantineCertificate] = []) {
        self.driverHealth = driverHealth
        self.certificates = certificates
    }
}
