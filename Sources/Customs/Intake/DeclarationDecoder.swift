/// Maps a parsed body onto `Declaration`, collecting every problem instead of stopping at the first.
///
/// Each section decodes to an optional value (nil when something in it is wrong) and reports its
/// problems; rules that span sections run whenever the values they need came through, so a bad plate
/// does not hide a driver who is too young. A `Declaration` is built only when nothing was reported.
struct DeclarationDecoder {
    let today: CalendarDate
    let limits: IntakeLimits
    private(set) var problems: [ValidationProblem] = []

    init(today: CalendarDate, limits: IntakeLimits) {
        self.today = today
        self.limits = limits
    }

    mutating func report(_ pointer: JSONPointer, _ code: ValidationCode, _ detail: String) {
        problems.append(ValidationProblem(pointer: pointer.description, code: code, detail: detail))
    }

    static let topLevelFields = ["direction", "crossing", "plannedCrossingOn", "trader", "vehicle", "driver", "remoteOperator", "goods", "quarantine"]

    mutating func decode(_ document: JSONValue) -> Declaration? {
        let root = JSONPointer.root
        guard let object = object(document, at: root, fields: Self.topLevelFields) else { return nil }

        let direction = choice(object, "direction", at: root, as: Direction.self)
        let crossing = choice(object, "crossing", at: root, as: Crossing.self)
        let plannedCrossingOn = plannedDate(object, at: root)
        let trader = decodeTrader(object, at: root)
        let vehicle = decodeVehicle(object, at: root)
        let kind = vehicle?.kind ?? kindHint(object)
        let driver = decodeDriver(object, at: root, kind: kind, plateCountry: vehicle?.plateCountry, plannedOn: plannedCrossingOn)
        let remoteOperator = decodeRemoteOperator(object, at: root, kind: kind)
        let goods = decodeGoods(object, at: root)
        let quarantine = decodeQuarantine(object, at: root, kind: kind, goods: goods, plannedOn: plannedCrossingOn)

        guard problems.isEmpty, let direction, let crossing, let plannedCrossingOn, let trader, let vehicle,
              let goods, let quarantine else { return nil }
        let goodsLines = goods.compactMap { $0 }
        guard goodsLines.count == goods.count else { return nil }
        return Declaration(
            direction: direction, crossing: crossing, plannedCrossingOn: plannedCrossingOn, trader: trader,
            vehicle: vehicle, driver: driver, remoteOperator: remoteOperator,
            goods: goodsLines, quarantine: quarantine
        )
    }

    /// `plannedCrossingOn`: from today to `maxDaysAhead` days ahead.
    private mutating func plannedDate(_ object: JSONObject, at pointer: JSONPointer) -> CalendarDate? {
        guard let date = date(object, "plannedCrossingOn", at: pointer) else { return nil }
        let ahead = today.days(until: date)
        if ahead < 0 {
            report(pointer.appending("plannedCrossingOn"), .dateOutOfRange, "the planned crossing date \(date) is in the past (today is \(today))")
            return nil
        }
        if ahead > limits.maxDaysAhead {
            report(pointer.appending("plannedCrossingOn"), .dateOutOfRange, "a crossing can be declared at most \(limits.maxDaysAhead) days ahead; \(date) is \(ahead) days after today (\(today))")
            return nil
        }
        return date
    }

    /// The vehicle kind when the vehicle section failed for another reason, so the driver and
    /// remote-operator rules still apply.
    private func kindHint(_ object: JSONObject) -> VehicleKind? {
        guard case .object(let vehicle)? = object["vehicle"], case .string(let raw)? = vehicle["kind"] else { return nil }
        return VehicleKind(rawValue: raw)
    }
}
