// The declaration-like body both benchmark servers decode with Foundation's JSONDecoder: one
// definition, so the two servers do exactly the same decoding work.

public struct GoodsLine: Decodable, Sendable {
    public var hsCode: String
    public var description: String
    public var quantity: Double
    public var unit: String
    public var grossKg: Double
    public var netKg: Double
    public var value: Double
    public var currency: String
    public var origin: String
}

public struct Party: Decodable, Sendable {
    public var taxCode: String
    public var name: String
    public var country: String
}

public struct Vehicle: Decodable, Sendable {
    public var plate: String
    public var plateCountry: String
    public var trailerPlate: String?
    public var kind: String
}

public struct Driver: Decodable, Sendable {
    public var fullName: String
    public var nationality: String
    public var birthDate: String
}

public struct DeclarationBody: Decodable, Sendable {
    public var direction: String
    public var crossing: String
    public var plannedCrossingOn: String
    public var trader: Party
    public var vehicle: Vehicle
    public var driver: Driver?
    public var goods: [GoodsLine]
}
