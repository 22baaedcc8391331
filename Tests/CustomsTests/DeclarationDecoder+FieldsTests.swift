import Customs
import Testing

/// The field readers every section shares: unknown fields, JSON types, required fields, text rules.
@Suite struct DeclarationDecoderFieldsTests {
    @Test func unknownFieldsAreRefusedWhereverTheyAre() {
        let body = Fixtures.example
            .setting("/note", to: "x")
            .setting("/vehicle/colour", to: "red")
            .setting("/driver/document/issuedBy", to: "VN")
            .setting("/quarantine/certificates/0/extra", to: 1)
        #expect(Fixtures.codes(body) == [
            "/note unknown_field", "/vehicle/colour unknown_field", "/driver/document/issuedBy unknown_field",
            "/quarantine/certificates/0/extra unknown_field",
        ])
    }

    @Test func anUnknownFieldsDetailListsTheKnownOnes() {
        let problem = Fixtures.problems(Fixtures.example.setting("/trader/vat", to: "1")).first
        #expect(problem?.detail == "\"vat\" is not a field here; the fields are taxCode, name, country")
    }

    @Test func pointersEscapeSlashAndTilde() {
        #expect(Fixtures.codes(Fixtures.example.setting("/trader/a~1b~0c", to: 1)) == ["/trader/a~1b~0c unknown_field"])
    }

    @Test func wrongJSONTypesNameTheExpectedType() {
        let body = Fixtures.example
            .setting("/goods/0/grossKg", to: "19500")
            .setting("/quarantine/driverHealth/fever", to: "no")
            .setting("/trader", to: [])
            .setting("/plannedCrossingOn", to: 20261123)
        let problems = Fixtures.problems(body)
        #expect(problems.map { "\($0.pointer) \($0.code)" } == [
            "/plannedCrossingOn type_mismatch", "/trader type_mismatch", "/goods/0/grossKg type_mismatch",
            "/quarantine/driverHealth/fever type_mismatch",
        ])
        #expect(problems[0].detail == "expected a string, got a number")
        #expect(problems[1].detail == "expected an object, got an array")
        #expect(problems[2].detail == "expected a number, got a string (write numbers without quotes)")
        #expect(problems[3].detail == "expected true or false, got a string")
    }

    @Test func missingAndNullRequiredFieldsAreRequired() {
        let body = Fixtures.example.setting("/trader/name", to: nil).setting("/goods/0/unit", to: .null).setting("/driver/fullName", to: "   ")
        #expect(Fixtures.codes(body) == ["/trader/name required", "/driver/fullName required", "/goods/0/unit required"])
    }

    @Test func nullOptionalFieldsMeanAbsent() throws {
        let body = Fixtures.example.setting("/vehicle/containers/0/seal", to: .null).setting("/remoteOperator", to: .null)
        let declaration = try #require(Fixtures.accepted(body))
        #expect(declaration.vehicle.containers[0].seal == nil)
    }

    @Test func anEmptyOptionalStringIsRefused() {
        #expect(Fixtures.codes(Fixtures.example.setting("/vehicle/containers/0/seal", to: "")) == ["/vehicle/containers/0/seal text_invalid"])
    }

    @Test func controlAndDirectionCharactersAreTextInvalid() {
        let body = Fixtures.example
            .setting("/trader/name", to: "Công ty\nLạng Sơn")
            .setting("/goods/0/description", to: "Sầu riêng \u{202E}tươi")
        let problems = Fixtures.problems(body)
        #expect(problems.map(\.code) == ["text_invalid", "text_invalid"])
        #expect(problems[0].detail.contains("U+000A"))
        #expect(problems[1].detail.contains("U+202E"))
    }

    @Test func lengthsAreCountedInUnicodeScalarsAfterNFC() {
        // 100 decomposed "ễ" are 300 scalars but 100 after NFC: exactly at the limit.
        let decomposed = String(repeating: "e\u{302}\u{303}", count: 100)
        #expect(Fixtures.accepted(Fixtures.example.setting("/driver/fullName", to: .string(decomposed))) != nil)
        let problem = Fixtures.problems(Fixtures.example.setting("/driver/fullName", to: .string(decomposed + "x"))).first
        #expect(problem?.code == "too_long")
        #expect(problem?.detail == "fullName is at most 100 characters (Unicode scalars); this one has 101")
    }

    @Test func surroundingSpacesAreTrimmed() throws {
        let declaration = try #require(Fixtures.accepted(Fixtures.example.setting("/trader/name", to: "  Công ty TNHH  ")))
        #expect(declaration.trader.name == "Công ty TNHH")
    }

    @Test func closedSetsListTheirValues() {
        let problem = Fixtures.problems(Fixtures.example.setting("/crossing", to: "COC_NAM")).first
        #expect(problem?.code == "value_not_allowed")
        #expect(problem?.detail == "crossing is one of HUU_NGHI, TAN_THANH; got \"COC_NAM\"")
        #expect(Fixtures.accepted(Fixtures.example.setting("/crossing", to: "TAN_THANH"))?.crossing == .tanThanh)
    }

    @Test func datesMustBeRealCalendarDates() {
        #expect(Fixtures.codes(Fixtures.example.setting("/driver/birthDate", to: "1985-02-29")) == ["/driver/birthDate date_invalid"])
        #expect(Fixtures.codes(Fixtures.example.setting("/driver/birthDate", to: "12/04/1985")) == ["/driver/birthDate date_invalid"])
    }

    @Test func countriesAreAssignedISOCodes() {
        #expect(Fixtures.codes(Fixtures.example.setting("/goods/0/origin", to: "XK")) == ["/goods/0/origin country_invalid"])
        #expect(Fixtures.codes(Fixtures.example.setting("/goods/0/origin", to: "vn")) == ["/goods/0/origin country_invalid"])
        #expect(Fixtures.accepted(Fixtures.example.setting("/goods/0/origin", to: "TH")) != nil)
    }
}
