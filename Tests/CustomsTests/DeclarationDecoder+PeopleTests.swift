import Customs
import Testing

/// The driver of a manned vehicle and the remote operator of an unmanned one.
@Suite struct DeclarationDecoderPeopleTests {
    @Test func aMannedVehicleNeedsADriverAndItsHealthDeclaration() {
        let body = Fixtures.example.setting("/driver", to: nil).setting("/quarantine/driverHealth", to: nil)
        #expect(Fixtures.codes(body) == ["/driver driver_required", "/quarantine/driverHealth required"])
    }

    @Test func anUnmannedTruckHasNoDriverButARemoteOperator() {
        let withDriver = Fixtures.unmanned.setting("/driver", to: Fixtures.example.at("/driver"))
        #expect(Fixtures.codes(withDriver) == ["/driver driver_not_allowed"])
        #expect(Fixtures.codes(Fixtures.unmanned.setting("/remoteOperator", to: nil)) == ["/remoteOperator remote_operator_required"])
        let health = Fixtures.unmanned.setting("/quarantine/driverHealth", to: Fixtures.example.at("/quarantine/driverHealth"))
        #expect(Fixtures.codes(health) == ["/quarantine/driverHealth driver_not_allowed"])
    }

    @Test func aMannedVehicleHasNoRemoteOperator() {
        let body = Fixtures.example.setting("/remoteOperator", to: Fixtures.unmanned.at("/remoteOperator"))
        #expect(Fixtures.codes(body) == ["/remoteOperator remote_operator_not_allowed"])
    }

    @Test func theRemoteOperatorCanBeReachedByPhoneOrEmail() {
        #expect(Fixtures.codes(Fixtures.unmanned.setting("/remoteOperator/phone", to: nil)) == ["/remoteOperator/phone required"])
        let email = Fixtures.unmanned.setting("/remoteOperator/phone", to: nil).setting("/remoteOperator/email", to: "dieu.hanh@smartlogistics.vn")
        #expect(Fixtures.accepted(email)?.remoteOperator?.email == "dieu.hanh@smartlogistics.vn")
        #expect(Fixtures.codes(Fixtures.unmanned.setting("/remoteOperator/phone", to: "0912 345 678")) == ["/remoteOperator/phone contact_invalid"])
        #expect(Fixtures.codes(Fixtures.unmanned.setting("/remoteOperator/email", to: "ops@localhost")) == ["/remoteOperator/email contact_invalid"])
        #expect(Fixtures.codes(Fixtures.unmanned.setting("/remoteOperator/licenceNumber", to: "RO 42")) == ["/remoteOperator/licenceNumber licence_number_invalid"])
    }

    @Test func theDriverIsAtLeastEighteenOnTheCrossingDay() {
        // Planned crossing 2026-11-23: born 2008-11-23 turns 18 that day.
        #expect(Fixtures.codes(Fixtures.example.setting("/driver/birthDate", to: "2008-11-23")) == [])
        let problem = Fixtures.problems(Fixtures.example.setting("/driver/birthDate", to: "2008-11-24")).first
        #expect(problem?.code == "driver_too_young")
        #expect(problem?.detail == "a driver must be at least 18 on the crossing day (2026-11-23); born 2008-11-24, the driver will be 17")
    }

    @Test func aVehicleCrossesWithADriverOfItsPlatesCountry() {
        #expect(Fixtures.codes(Fixtures.example.setting("/driver/nationality", to: "CN").setting("/driver/document/number", to: "E12345678"))
            == ["/driver/nationality driver_nationality_mismatch"])
        let vietnameseDriver = Fixtures.chineseImport.setting("/driver", to: Fixtures.example.at("/driver"))
            .setting("/driver/licence/class", to: "CE")
        #expect(Fixtures.codes(vietnameseDriver) == ["/driver/nationality driver_nationality_mismatch"])
    }

    @Test func passportNumbersFollowTheDriversNationality() {
        #expect(Fixtures.codes(Fixtures.example.setting("/driver/document/number", to: "E12345678")) == ["/driver/document/number document_number_invalid"])
    }

    @Test func aVietnameseCitizenIDMustAgreeWithTheBirthDate() {
        let card = Fixtures.example.setting("/driver/document", to: ["type": "citizen_id", "number": "020085001234"])
        #expect(Fixtures.codes(card) == [])
        let problem = Fixtures.problems(card.setting("/driver/birthDate", to: "1986-04-12")).first
        #expect(problem?.pointer == "/driver/document/number")
        #expect(problem?.code == "document_number_invalid")
        #expect(problem?.detail == "the citizen ID number says the holder was born in 1985, but birthDate is 1986-04-12")
    }

    @Test func identityCardsBelongToTheirOwnCountrysCitizens() {
        let body = Fixtures.example.setting("/driver/document", to: ["type": "resident_id", "number": "11010519491231002X"])
        #expect(Fixtures.codes(body) == ["/driver/document/type value_not_allowed"])
    }

    @Test func aChineseResidentIDMustAgreeWithTheBirthDate() {
        let body = Fixtures.chineseImport.setting("/driver/birthDate", to: "1949-12-30")
        #expect(Fixtures.codes(body) == ["/driver/document/number document_number_invalid"])
    }

    @Test func passportsNeedAnExpiryAndDocumentsMustBeValidOnTheCrossingDay() {
        #expect(Fixtures.codes(Fixtures.example.setting("/driver/document/expiresOn", to: nil)) == ["/driver/document/expiresOn required"])
        #expect(Fixtures.codes(Fixtures.example.setting("/driver/document/expiresOn", to: "2026-11-23")) == [])
        #expect(Fixtures.codes(Fixtures.example.setting("/driver/document/expiresOn", to: "2026-11-22")) == ["/driver/document/expiresOn document_expired"])
        #expect(Fixtures.codes(Fixtures.example.setting("/driver/licence/expiresOn", to: "2026-11-01")) == ["/driver/licence/expiresOn document_expired"])
    }

    @Test func aTractorTrailerNeedsALicenceClassForSemiTrailers() {
        #expect(Fixtures.codes(Fixtures.example.setting("/driver/licence/class", to: "CE")) == [])
        #expect(Fixtures.codes(Fixtures.example.setting("/driver/licence/class", to: "C")) == ["/driver/licence/class licence_class_insufficient"])
        #expect(Fixtures.codes(Fixtures.example.setting("/driver/licence/class", to: "Z9")) == ["/driver/licence/class licence_class_invalid"])
        let lorry = Fixtures.example.setting("/vehicle/kind", to: "truck").setting("/driver/licence/class", to: "C")
        #expect(Fixtures.codes(lorry) == [])
    }

    @Test func licenceNumbersAreCapitalsAndDigits() {
        #expect(Fixtures.codes(Fixtures.example.setting("/driver/licence/number", to: "1201-2345")) == ["/driver/licence/number licence_number_invalid"])
    }
}
