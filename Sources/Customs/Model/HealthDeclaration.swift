/// The driver's health declaration for health quarantine at the gate.
public struct HealthDeclaration: Sendable, Equatable {
    public var declaredOn: CalendarDate
    public var fever: Bool
    public var symptoms: [Symptom]

    public init(declaredOn: CalendarDate, fever: Bool, symptoms: [Symptom] = []) {
        self.declaredOn = declaredOn
        self.fever = fever
        self.symptoms = symptoms
    }

    /// Fever or any symptom: the declaration is accepted, and the driver is referred to health
    /// quarantine at the gate (a risk signal for lane routing, not an intake error; see
    /// Docs/validation.md, "Driver health").
    public var needsReferral: Bool { fever || !symptoms.isEmpty }
}
