import DeclarationStore
import Testing

@Suite struct PageCursorTests {
    @Test(arguments: ["", "abc", "djEuMA", "djEuLTE", "eDEuNQ", String(repeating: "A", count: 65), "v1.5"])
    func aCursorThatIsNotOursIsRefused(_ token: String) {
        // djEuMA is "v1.0" (no sequence 0), djEuLTE "v1.-1", eDEuNQ "x1.5".
        #expect(PageCursor(token: token) == nil)
    }

    @Test func aCursorIsURLSafe() throws {
        let cursor = try #require(PageCursor(token: "djEuOTk5OTk5OTk5OTk"))
        #expect(cursor.token == "djEuOTk5OTk5OTk5OTk")
        #expect(!cursor.token.contains("="))
    }
}
