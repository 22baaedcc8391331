/// A named list of plates, containers, documents or traders that rules refer to by name, so one list
/// (say, plates reported by the border guard) serves several rules and is maintained in one place.
public struct WatchList: Sendable, Hashable {
    public let name: String
    public let kind: WatchListKind
    public let description: String?
    /// In their normalised form, as a declaration carries them.
    public let entries: Set<String>

    init(name: String, kind: WatchListKind, description: String?, entries: Set<String>) {
        self.name = name
        self.kind = kind
        self.description = description
        self.entries = entries
    }
}
