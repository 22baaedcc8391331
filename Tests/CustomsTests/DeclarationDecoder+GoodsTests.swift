import Customs
import Foundation
import Testing

@Suite struct DeclarationDecoderGoodsTests {
    private func line(_ field: String, _ value: JSONValue) -> [String] {
        Fixtures.codes(Fixtures.example.setting("/goods/0/\(field)", to: value))
    }

    /// A second goods line that needs no quarantine (electronic components, chapter 85).
    private static let electronics: JSONValue = [
        "hsCode": "85423100", "description": "Linh kiện điện tử", "quantity": 5000, "unit": "PCE",
        "grossKg": 120, "netKg": 100, "value": 25000, "currency": "USD", "origin": "VN",
    ]

    @Test func atLeastOneLine() {
        #expect(Fixtures.codes(Fixtures.example.setting("/goods", to: [])) == ["/goods goods_empty"])
    }

    @Test func atMostTwoHundredLines() {
        let many = JSONValue.array(Array(repeating: Self.electronics, count: 201))
        #expect(Fixtures.codes(Fixtures.example.setting("/goods", to: many).setting("/quarantine/certificates", to: [])) == ["/goods goods_too_many"])
        let enough = JSONValue.array(Array(repeating: Self.electronics, count: 200))
        #expect(Fixtures.codes(Fixtures.example.setting("/goods", to: enough).setting("/quarantine/certificates", to: [])) == [])
    }

    @Test func hsCodesAreEightOrTenDigitsOfARealChapter() {
        #expect(line("hsCode", "0810901000") == [])
        #expect(line("hsCode", "0810.90.10") == ["/goods/0/hsCode hs_code_invalid"])
        #expect(line("hsCode", "98109010") == ["/goods/0/hsCode hs_code_invalid"])
    }

    @Test func unitsCurrenciesAndOriginsComeFromTheirLists() {
        #expect(line("unit", "CT") == [])
        #expect(line("unit", "KG") == ["/goods/0/unit unit_invalid"])
        #expect(line("currency", "CNY") == [])
        #expect(line("currency", "RMB") == ["/goods/0/currency currency_invalid"])
        #expect(line("origin", "TH") == [])
        #expect(line("origin", "THA") == ["/goods/0/origin country_invalid"])
    }

    @Test func weightsArePositiveAndNetNeverExceedsGross() {
        #expect(line("netKg", 0) == ["/goods/0/netKg weight_invalid"])
        #expect(line("grossKg", -5) == ["/goods/0/grossKg weight_invalid"])
        #expect(line("netKg", 19500) == [])
        let problems = Fixtures.problems(Fixtures.example.setting("/goods/0/netKg", to: .number(JSONNumber("19500.5")!)))
        #expect(problems.map(\.code) == ["net_exceeds_gross"])
        #expect(problems.first?.detail == "the net weight (19500.5 kg) cannot exceed the gross weight (19500 kg), which includes the packing")
    }

    @Test func quantityAndValueArePositive() {
        #expect(line("quantity", 0) == ["/goods/0/quantity quantity_invalid"])
        #expect(line("value", -1) == ["/goods/0/value value_invalid"])
        #expect(line("value", .number(JSONNumber("1e400")!)) == ["/goods/0/value value_invalid"])
    }

    @Test func weightsTakeThreeDecimalsAndValuesTheCurrencysMinorUnits() {
        #expect(line("grossKg", .number(JSONNumber("19500.125")!)) == [])
        #expect(line("grossKg", .number(JSONNumber("19500.1255")!)) == ["/goods/0/grossKg precision_exceeded"])
        #expect(line("grossKg", .number(JSONNumber("19500.1250")!)) == [])
        #expect(line("value", .number(JSONNumber("54000.25")!)) == [])
        #expect(line("value", .number(JSONNumber("54000.255")!)) == ["/goods/0/value precision_exceeded"])
        let vnd = Fixtures.example.setting("/goods/0/currency", to: "VND")
        #expect(Fixtures.codes(vnd.setting("/goods/0/value", to: 1_400_000_000)) == [])
        let problem = Fixtures.problems(vnd.setting("/goods/0/value", to: .number(JSONNumber("1400000000.5")!))).first
        #expect(problem?.code == "precision_exceeded")
        #expect(problem?.detail == "the customs value takes no decimals for VND; 1400000000.5 has 1")
        // What the value needs counts, not how it is written: 100e-2 is 1, 15e-1 is 1.5.
        #expect(Fixtures.codes(vnd.setting("/goods/0/value", to: .number(JSONNumber("1400000000.00")!))) == [])
        #expect(Fixtures.accepted(vnd.setting("/goods/0/value", to: .number(JSONNumber("100e-2")!)))?.goods[0].value == 1)
        #expect(Fixtures.codes(vnd.setting("/goods/0/value", to: .number(JSONNumber("15e-1")!))) == ["/goods/0/value precision_exceeded"])
    }

    @Test func totalGrossWeightBeyondAnyVehicleIsRefused() {
        let heavy = Self.electronics.setting("/grossKg", to: 45000).setting("/netKg", to: 40000)
        let body = Fixtures.example.setting("/goods/-", to: heavy)
        #expect(Fixtures.codes(body) == ["/goods weight_exceeds_vehicle"])
        #expect(Fixtures.codes(Fixtures.example.setting("/goods/-", to: heavy.setting("/grossKg", to: 40500))) == [])
    }

    @Test func numbersAreNormalisedInTheStoredDocument() throws {
        let declaration = try #require(Fixtures.accepted(Fixtures.example.setting("/goods/0/grossKg", to: .number(JSONNumber("1.95000e4")!))))
        #expect(declaration.goods[0].grossKg == 19500)
        #expect(declaration.jsonValue().at("/goods/0/grossKg") == .number(JSONNumber("19500")!))
    }

    @Test func eachLineIsCheckedOnItsOwn() {
        let body = Fixtures.example.setting("/goods/-", to: Self.electronics.setting("/unit", to: "XX").setting("/origin", to: "ZZ"))
        #expect(Fixtures.codes(body) == ["/goods/1/unit unit_invalid", "/goods/1/origin country_invalid"])
    }
}
