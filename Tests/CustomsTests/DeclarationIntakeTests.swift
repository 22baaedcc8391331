import Customs
import Foundation
import Testing

@Suite struct DeclarationIntakeTests {
    @Test func acceptsTheBriefsExampleDeclaration() throws {
        let result = DeclarationIntake.decode(Array(Fixtures.exampleText.utf8), today: Fixtures.today)
        let declaration = try result.get()
        #expect(declaration.direction == .export)
        #expect(declaration.crossing == .huuNghi)
        #expect(declaration.plannedCrossingOn == CalendarDate(year: 2026, month: 11, day: 23))
        #expect(declaration.vehicle.containers == [Container(number: "MSCU1234566", seal: "VN123456")])
        #expect(declaration.driver?.licence.licenceClass == "FC")
        #expect(declaration.goods.first?.grossKg == 19500)
        #expect(declaration.quarantine.certificates.first?.goodsLines == [0])
        #expect(declaration.quarantine.driverHealth?.needsReferral == false)
        #expect(declaration.remoteOperator == nil)
    }

    @Test func acceptsAnUnmannedTruckWithARemoteOperator() throws {
        let declaration = try #require(Fixtures.accepted(Fixtures.unmanned), "\(Fixtures.problems(Fixtures.unmanned))")
        #expect(declaration.driver == nil)
        #expect(declaration.remoteOperator?.phone == "+84912345678")
        #expect(declaration.quarantine.driverHealth == nil)
    }

    @Test func acceptsAChineseImportOfElectronicsWithoutCertificates() throws {
        let declaration = try #require(Fixtures.accepted(Fixtures.chineseImport), "\(Fixtures.problems(Fixtures.chineseImport))")
        #expect(declaration.trader.country == "CN")
        #expect(declaration.vehicle.trailerPlate == "桂F1234挂")
        #expect(declaration.goods[0].value == Amount("1250000.5"))
    }

    @Test func reportsEveryProblemAtOnce() {
        let body = Fixtures.example
            .setting("/direction", to: "sideways")
            .setting("/trader/taxCode", to: "4900567897")
            .setting("/vehicle/plate", to: "12C-12")
            .setting("/vehicle/containers/0/number", to: "CSQU3054384")
            .setting("/driver/birthDate", to: "2010-01-01")
            .setting("/goods/0/hsCode", to: "77001000")
            .setting("/goods/0/netKg", to: 20000)
            .setting("/goods/0/colour", to: "green")
            .setting("/quarantine/certificates/0/goodsLines", to: [3])
        #expect(Fixtures.codes(body) == [
            "/direction value_not_allowed",
            "/trader/taxCode tax_code_invalid",
            "/vehicle/plate plate_invalid",
            "/vehicle/containers/0/number container_number_invalid",
            "/driver/birthDate driver_too_young",
            "/goods/0/colour unknown_field",
            "/goods/0/hsCode hs_code_invalid",
            "/goods/0/netKg net_exceeds_gross",
            "/quarantine/certificates/0/goodsLines/0 certificate_line_invalid",
        ])
    }

    @Test func aSyntaxErrorIsMalformedJSONWithItsPlace() {
        let body = Array("{\n  \"direction\": \"export\"\n  \"crossing\": \"HUU_NGHI\"\n}".utf8)
        guard case .failure(.malformedJSON(let error)) = DeclarationIntake.decode(body, today: Fixtures.today) else {
            Issue.record("expected malformedJSON")
            return
        }
        #expect(error.description == "expected ',' or '}' after an object member, found '\"' at line 3, column 3")
    }

    @Test func aDocumentThatIsNotAnObjectIsOneTypeMismatch() {
        #expect(Fixtures.codes([1, 2]) == [" type_mismatch"])
        #expect(Fixtures.problems("declaration").first?.pointer == "")
    }

    @Test func anEmptyObjectListsEveryRequiredSection() {
        #expect(Fixtures.codes(.object(JSONObject())) == [
            "/direction required", "/crossing required", "/plannedCrossingOn required", "/trader required",
            "/vehicle required", "/goods required",
        ])
    }

    @Test func decomposedVietnameseComesOutComposed() throws {
        let body = Fixtures.example.setting("/driver/fullName", to: .string("Nguye\u{302}\u{303}n Va\u{306}n An"))
        let declaration = try #require(Fixtures.accepted(body))
        let name = try #require(declaration.driver?.fullName)
        #expect(Array(name.unicodeScalars) == Array("Nguy\u{1EC5}n V\u{103}n An".unicodeScalars))
    }

    @Test func randomMutationsOfAValidBodyNeverCrashTheIntake() {
        var generator = SplitMix64(seed: 0x5EED_2026)
        let base = Array(Fixtures.exampleText.utf8)
        let interesting: [UInt8] = Array("{}[]\",:0123456789-+.eE\\ntfu \n".utf8) + [0x00, 0x7F, 0x80, 0xC3, 0xE1, 0xED, 0xF0, 0xFF]
        var outcomes = (accepted: 0, malformed: 0, invalid: 0)
        for _ in 0..<3000 {
            var body = base
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<body.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: body[index] = interesting.randomElement(using: &generator)!
                case 1: body.remove(at: index)
                case 2: body.insert(interesting.randomElement(using: &generator)!, at: index)
                default: body[index] = UInt8.random(in: 0...255, using: &generator)
                }
                if body.isEmpty { body = [0x7B] }
            }
            switch DeclarationIntake.decode(body, today: Fixtures.today) {
            case .success: outcomes.accepted += 1
            case .failure(.malformedJSON): outcomes.malformed += 1
            case .failure(.invalid(let problems)):
                outcomes.invalid += 1
                #expect(!problems.isEmpty)
            }
        }
        #expect(outcomes.malformed > 0 && outcomes.invalid > 0)
    }

    @Test func randomStructuralMutationsNeverCrashTheIntake() {
        var generator = SplitMix64(seed: 42)
        let pointers = ["/direction", "/plannedCrossingOn", "/trader", "/trader/taxCode", "/vehicle", "/vehicle/kind", "/vehicle/containers",
                        "/vehicle/containers/0", "/driver", "/driver/document", "/driver/birthDate", "/goods", "/goods/0", "/goods/0/grossKg",
                        "/goods/0/hsCode", "/quarantine", "/quarantine/certificates/0/goodsLines", "/quarantine/driverHealth/symptoms", "/remoteOperator"]
        let values: [JSONValue?] = [nil, .null, true, 0, -1, .number(JSONNumber("1e300")!), "", "x", [], [nil], ["a": 1], "unmanned_truck", "2026-02-30", .number(JSONNumber("0.0001")!)]
        for _ in 0..<2000 {
            var body = Fixtures.example
            for _ in 0..<Int.random(in: 1...5, using: &generator) {
                body = body.setting(pointers.randomElement(using: &generator)!, to: values.randomElement(using: &generator)!)
            }
            if case .failure(.invalid(let problems)) = Fixtures.decode(body) {
                #expect(problems.allSatisfy { ValidationCode(rawValue: $0.code) != nil })
            }
        }
    }
}

/// A small seeded generator, so a failing mutation can be replayed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
