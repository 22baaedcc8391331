import Customs
import Testing

/// The trader and the vehicle: tax codes, plates, trailers and containers.
@Suite struct DeclarationDecoderVehicleTests {
    @Test func theTradersCountryDecidesTheTaxCodeFormat() {
        #expect(Fixtures.codes(Fixtures.example.setting("/trader/taxCode", to: "4900567896-002")) == [])
        #expect(Fixtures.codes(Fixtures.example.setting("/trader/country", to: "CN")) == ["/trader/taxCode tax_code_invalid"])
        #expect(Fixtures.codes(Fixtures.example.setting("/trader/country", to: "TH")) == ["/trader/country value_not_allowed"])
    }

    @Test func aWrongCheckDigitInATaxCodeSaysWhichDigitFits() {
        let problem = Fixtures.problems(Fixtures.example.setting("/trader/taxCode", to: "4900567891")).first
        #expect(problem?.code == "tax_code_invalid")
        #expect(problem?.detail.contains("it must be 6") == true)
    }

    @Test func platesAreStoredInTheirNormalisedForm() throws {
        let declaration = try #require(Fixtures.accepted(Fixtures.example.setting("/vehicle/plate", to: "12C-12345")))
        #expect(declaration.vehicle.plate == "12C-123.45")
    }

    @Test func aPlateMustMatchItsCountry() {
        #expect(Fixtures.codes(Fixtures.example.setting("/vehicle/plate", to: "桂F12345")) == [
            "/vehicle/plate plate_country_mismatch",
        ])
        let chinese = Fixtures.chineseImport.setting("/vehicle/trailerPlate", to: "12R-012.34")
        #expect(Fixtures.codes(chinese) == ["/vehicle/trailerPlate plate_country_mismatch"])
    }

    @Test func plateCountryIsVietnamOrChina() {
        #expect(Fixtures.codes(Fixtures.example.setting("/vehicle/plateCountry", to: "LA")) == ["/vehicle/plateCountry value_not_allowed"])
    }

    @Test func trailerPlatesGoInTrailerPlateAndOnlyThere() {
        #expect(Fixtures.codes(Fixtures.example.setting("/vehicle/plate", to: "12R-012.35")) == ["/vehicle/plate plate_invalid"])
        #expect(Fixtures.codes(Fixtures.example.setting("/vehicle/trailerPlate", to: "12C-999.99")) == ["/vehicle/trailerPlate plate_invalid"])
        #expect(Fixtures.codes(Fixtures.example.setting("/vehicle/plate", to: "ABC")) == ["/vehicle/plate plate_invalid"])
    }

    @Test func aTractorTrailerNeedsItsTrailerPlateButALorryDoesNot() {
        #expect(Fixtures.codes(Fixtures.example.setting("/vehicle/trailerPlate", to: nil)) == ["/vehicle/trailerPlate trailer_plate_required"])
        let lorry = Fixtures.example.setting("/vehicle/kind", to: "refrigerated_truck").setting("/vehicle/trailerPlate", to: nil)
        #expect(Fixtures.codes(lorry) == [])
    }

    @Test func vehicleKindsAreADocumentedSet() {
        #expect(Fixtures.codes(Fixtures.example.setting("/vehicle/kind", to: "bus")) == ["/vehicle/kind value_not_allowed"])
    }

    @Test func containersNeedAValidISO6346Number() {
        let problem = Fixtures.problems(Fixtures.example.setting("/vehicle/containers/0/number", to: "CSQU3054384")).first
        #expect(problem?.code == "container_number_invalid")
        #expect(problem?.detail == "the check digit of CSQU3054384 is wrong: for CSQU305438 it must be 3; check the number on the container door")
        #expect(Fixtures.codes(Fixtures.example.setting("/vehicle/containers/0/number", to: "CSQ3054383")) == ["/vehicle/containers/0/number container_number_invalid"])
    }

    @Test func containersAreUniqueAndAtMostThree() {
        let twice = Fixtures.example.setting("/vehicle/containers/-", to: ["number": "MSCU1234566"])
        #expect(Fixtures.codes(twice) == ["/vehicle/containers/1/number duplicate_item"])
        let four: JSONValue = [["number": "CSQU3054383"], ["number": "MSCU1234566"], ["number": "TGHU1234567"], ["number": "MAEU1234567"]]
        #expect(Fixtures.codes(Fixtures.example.setting("/vehicle/containers", to: four)) == ["/vehicle/containers too_many_items"])
    }

    @Test func containersAndSealsAreOptional() {
        #expect(Fixtures.accepted(Fixtures.example.setting("/vehicle/containers", to: nil))?.vehicle.containers == [])
        #expect(Fixtures.codes(Fixtures.example.setting("/vehicle/containers/0/seal", to: nil)) == [])
        #expect(Fixtures.codes(Fixtures.example.setting("/vehicle/containers/0/seal", to: "seal #1")) == ["/vehicle/containers/0/seal seal_invalid"])
    }
}
