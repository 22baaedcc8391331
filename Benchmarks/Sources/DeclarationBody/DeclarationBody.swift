// The declaration-like body both benchmark servers decode: one definition, so the two servers
// build exactly the same values. Both decode it with Foundation's JSONDecoder; SmartGate's bench
// server also has a route that builds it from SmartGate's own JSON parser, as the daemon does.

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

    public init(hsCode: String, description: String, quantity: Double, unit: String, grossKg: Double, netKg: Double, value: Double, currency: String, origin: String) {
        self.hsCode = hsCode
        self.description = description
        self.quantity = quantity
        self.unit = unit
        self.grossKg = grossKg
        self.netKg = netKg
        self.value = value
        self.currency = currency
        self.origin = origin
    }
}

public struct Party: Decodable, Sendable {
    public var taxCode: String
    public var name: String
    public var country: String

    public init(taxCode: String, name: String, country: String) {
        self.taxCode = taxCode
        self.name = name
        self.country = country
    }
}

public struct Vehicle: Decodable, Sendable {
    public var plate: String
    public var plateCountry: String
    public var trailerPlate: String?
    public var kind: String

    public init(plate: String, plateCountry: String, trailerPlate: String?, kind: String) {
        self.plate = plate
        self.plateCountry = plateCountry
        self.trailerPlate = trailerPlate
        self.kind = kind
    }
}

public struct Driver: Decodable, Sendable {
    public var fullName: String
    public var nationality: String
    public var birthDate: String

    public init(fullName: String, nationality: String, birthDate: String) {
        self.fullName = fullName
        self.nationality = nationality
        self.birthDate = birthDate
    }
}

public struct DeclarationBody: Decodable, Sendable {
    public var direction: String
    public var crossing: String
    public var plannedCrossingOn: String
    public var trader: Party
    public var vehicle: Vehicle
    public var driver: Driver?
    public var goods: [GoodsLine]

    public init(direction: String, crossing: String, plannedCrossingOn: String, trader: Party, vehicle: Vehicle, driver: Driver?, goods: [GoodsLine]) {
        self.direction = direction
        self.crossing = crossing
        self.plannedCrossingOn = plannedCrossingOn
        self.trader = trader
        self.vehicle = vehicle
        self.driver = driver
        self.goods = goods
    }
}
