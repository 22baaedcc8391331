/// Which of a carrier's declarations to list. Times are RFC 3339 text PostgreSQL parses as
/// timestamptz (the API layer checks their form); `from` is inclusive, `to` exclusive.
public struct DeclarationFilter: Sendable, Equatable {
    public var status: DeclarationStatus?
    public var createdFrom: String?
    public var createdTo: String?
    public var after: PageCursor?
    public var limit: Int

    public init(status: DeclarationStatus? = nil, createdFrom: String? = nil, createdTo: String? = nil,
                after: PageCursor? = nil, limit: Int = 50) {
        self.status = status
        self.createdFrom = createdFrom
        self.createdTo = createdTo
        self.after = after
        self.limit = limit
    }
}
