/// One truck crossing, declared once: the normalised, validated form of a carrier's request body.
/// Only `DeclarationIntake.decode` makes these from outside input, so holding one means every rule in
/// Docs/validation.md held on the day it was decoded.
public struct Declaration: Sendable, Equatable {
    public var direction: Direction
    public var crossing: Crossing
    public var plannedCrossingOn: CalendarDate
    public var trader: Trader
    public var vehicle: Vehicle
    /// Present exactly when the vehicle is manned.
    public var driver: Driver?
    /// Present exactly when the vehicle is unmanned.
    public var remoteOperator: RemoteOperator?
    public var goods: [GoodsLine]
    public var quarantine: Quarantine

    public init(direction: Direction, crossing: Crossing, plannedCrossingOn: CalendarDate, trader: Trader, vehicle: Vehicle, driver: Driver?, remoteOperator: RemoteOperator?, goods: [GoodsLine], quarantine: Quarantine) {
        self.direction = direction
        self.crossing = crossing
        self.plannedCrossingOn = plannedCrossingOn
        self.trader = trader
        self.vehicle = vehicle
        self.driver = driver
        self.remoteOperator = remoteOperator
        self.goods = goods
        self.quarantine = quarantine
    }
}
