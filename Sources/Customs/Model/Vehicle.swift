/// The vehicle that crosses, as plate recognition at the gate will see it.
public struct Vehicle: Sendable, Equatable {
    /// The plate in its normalised form (`12C-123.45`, `桂F12345`).
    public var plate: String
    /// `VN` or `CN`: the country that registered the plate.
    public var plateCountry: String
    /// The (semi-)trailer's own plate, registered in the same country (`12R-012.34`, `桂F1234挂`).
    public var trailerPlate: String?
    public var kind: VehicleKind
    public var containers: [Container]

    public init(plate: String, plateCountry: String, trailerPlate: String? = nil, kind: VehicleKind, containers: [Container] = []) {
        self.plate = plate
        self.plateCountry = plateCountry
        self.trailerPlate = trailerPlate
        self.kind = kind
        self.containers = containers
    }
}
