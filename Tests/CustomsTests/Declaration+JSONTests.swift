import Customs
import Testing

@Suite struct DeclarationJSONTests {
    @Test func theNormalisedDocumentIsAcceptedBackUnchanged() throws {
        for body in [Fixtures.example, Fixtures.unmanned, Fixtures.chineseImport] {
            let declaration = try #require(Fixtures.accepted(body))
            let stored = declaration.jsonValue()
            let again = try DeclarationIntake.decode(stored.serialized(), today: Fixtures.today).get()
            #expect(again == declaration)
            #expect(again.jsonValue() == stored)
        }
    }

    @Test func theNormalisedDocumentHasTheRequestsShape() throws {
        let declaration = try #require(Fixtures.accepted(Fixtures.example.setting("/vehicle/plate", to: "12C-12345")))
        guard case .object(let object) = declaration.jsonValue() else { Issue.record("not an object"); return }
        #expect(object.keys == ["direction", "crossing", "plannedCrossingOn", "trader", "vehicle", "driver", "goods", "quarantine"])
        #expect(declaration.jsonValue().at("/vehicle/plate") == "12C-123.45")
        #expect(declaration.jsonValue().at("/driver/licence/class") == "FC")
        #expect(declaration.jsonValue().at("/quarantine/certificates/0/goodsLines") == [0])
    }
}
