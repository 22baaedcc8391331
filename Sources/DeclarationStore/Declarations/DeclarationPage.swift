/// One page of a list, oldest first, and where the next one starts (nil on the last page).
public struct DeclarationPage: Sendable {
    public var items: [DeclarationRecord]
    public var next: PageCursor?

    public init(items: [DeclarationRecord], next: PageCursor?) {
        self.items = items
        self.next = next
    }
}
