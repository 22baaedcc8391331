/// What kind of vehicle crosses. Only `unmanned_truck` changes the rules (no driver, a remote
/// operator instead); `tractor_trailer` needs a trailer plate and a licence class for trailers.
public enum VehicleKind: String, Sendable, CaseIterable {
    /// A rigid lorry.
    case truck
    /// A tractor unit pulling a semi-trailer (the usual container carrier).
    case tractorTrailer = "tractor_trailer"
    /// A light goods vehicle.
    case van
    /// A rigid lorry with a refrigerated body (fresh fruit, frozen goods).
    case refrigeratedTruck = "refrigerated_truck"
    /// A tank lorry (liquids, gases).
    case tanker
    /// An autonomous truck on the pilot's fixed route, supervised by a remote operator.
    case unmannedTruck = "unmanned_truck"

    public var isManned: Bool { self != .unmannedTruck }
}
