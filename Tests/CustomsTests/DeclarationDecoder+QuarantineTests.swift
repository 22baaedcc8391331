import Customs
import Testing

/// Health, plant and animal quarantine.
@Suite struct DeclarationDecoderQuarantineTests {
    private static let frozenPork: JSONValue = [
        "hsCode": "02032900", "description": "Thịt lợn đông lạnh", "quantity": 20000, "unit": "KGM",
        "grossKg": 21000, "netKg": 20000, "value": 50000, "currency": "USD", "origin": "VN",
    ]

    @Test func fruitWithoutAPhytosanitaryCertificateIsRefusedAtTheLine() {
        let problems = Fixtures.problems(Fixtures.example.setting("/quarantine/certificates", to: []))
        #expect(problems.map { "\($0.pointer) \($0.code)" } == ["/goods/0 quarantine_certificate_required"])
        #expect(problems.first?.detail == "goods of HS chapter 08 need a phytosanitary certificate valid on the crossing day that lists line 0 in goodsLines")
    }

    @Test func aCertificateOfTheWrongKindDoesNotCover() {
        let body = Fixtures.example.setting("/quarantine/certificates/0/kind", to: "veterinary")
        let problem = Fixtures.problems(body).first
        #expect(problem?.code == "quarantine_certificate_required")
        #expect(problem?.detail.hasSuffix("(a veterinary certificate does not cover it)") == true)
    }

    @Test func meatNeedsAVeterinaryCertificate() {
        let body = Fixtures.example.setting("/goods/-", to: Self.frozenPork).setting("/vehicle/kind", to: "tractor_trailer")
        #expect(Fixtures.codes(body) == ["/goods/1 quarantine_certificate_required"])
        let covered = body.setting("/quarantine/certificates/-", to: [
            "kind": "veterinary", "number": "TY-2026-77", "issuer": "Department of Animal Health", "country": "VN",
            "issuedOn": "2026-11-21", "expiresOn": "2026-11-30", "goodsLines": [1],
        ])
        #expect(Fixtures.codes(covered) == [])
    }

    @Test func electronicsNeedNoCertificate() {
        #expect(Fixtures.codes(Fixtures.chineseImport) == [])
    }

    @Test func anExpiredCertificateIsReportedOnceOnTheCertificate() {
        let body = Fixtures.example.setting("/quarantine/certificates/0/expiresOn", to: "2026-11-22")
        #expect(Fixtures.codes(body) == ["/quarantine/certificates/0/expiresOn certificate_expired"])
    }

    @Test func certificateDatesMustMakeSense() {
        #expect(Fixtures.codes(Fixtures.example.setting("/quarantine/certificates/0/issuedOn", to: "2026-11-23"))
            == ["/quarantine/certificates/0/issuedOn certificate_dates_invalid"])
        let backwards = Fixtures.example.setting("/quarantine/certificates/0/issuedOn", to: "2026-11-20").setting("/quarantine/certificates/0/expiresOn", to: "2026-11-19")
        #expect(Fixtures.codes(backwards) == ["/quarantine/certificates/0/expiresOn certificate_dates_invalid"])
    }

    @Test func aCertificatePointsAtLinesThatExistOnce() {
        #expect(Fixtures.codes(Fixtures.example.setting("/quarantine/certificates/0/goodsLines", to: [0, 1]))
            == ["/quarantine/certificates/0/goodsLines/1 certificate_line_invalid"])
        #expect(Fixtures.codes(Fixtures.example.setting("/quarantine/certificates/0/goodsLines", to: [-1, 0]))
            == ["/quarantine/certificates/0/goodsLines/0 certificate_line_invalid"])
        #expect(Fixtures.codes(Fixtures.example.setting("/quarantine/certificates/0/goodsLines", to: [0, 0]))
            == ["/quarantine/certificates/0/goodsLines/1 duplicate_item"])
        // A certificate that lists nothing covers nothing, so the fruit is uncovered too.
        #expect(Fixtures.codes(Fixtures.example.setting("/quarantine/certificates/0/goodsLines", to: []))
            == ["/quarantine/certificates/0/goodsLines certificate_line_invalid", "/goods/0 quarantine_certificate_required"])
        #expect(Fixtures.codes(Fixtures.example.setting("/quarantine/certificates/0/goodsLines", to: [.number(JSONNumber("0.5")!)]))
            == ["/quarantine/certificates/0/goodsLines/0 type_mismatch", "/goods/0 quarantine_certificate_required"])
    }

    @Test func certificateNumbersAndKindsAreChecked() {
        #expect(Fixtures.codes(Fixtures.example.setting("/quarantine/certificates/0/number", to: "#1")) == ["/quarantine/certificates/0/number certificate_number_invalid"])
        #expect(Fixtures.codes(Fixtures.example.setting("/quarantine/certificates/0/kind", to: "health")).first == "/quarantine/certificates/0/kind value_not_allowed")
    }

    @Test func feverOrSymptomsAreAcceptedAndFlaggedForReferral() throws {
        let body = Fixtures.example.setting("/quarantine/driverHealth/fever", to: true).setting("/quarantine/driverHealth/symptoms", to: ["cough"])
        let declaration = try #require(Fixtures.accepted(body))
        #expect(declaration.quarantine.driverHealth?.needsReferral == true)
        #expect(declaration.quarantine.driverHealth?.symptoms == [.cough])
    }

    @Test func symptomsComeFromTheChecklistOnce() {
        #expect(Fixtures.codes(Fixtures.example.setting("/quarantine/driverHealth/symptoms", to: ["sneezing"])) == ["/quarantine/driverHealth/symptoms/0 value_not_allowed"])
        #expect(Fixtures.codes(Fixtures.example.setting("/quarantine/driverHealth/symptoms", to: ["cough", "cough"])) == ["/quarantine/driverHealth/symptoms/1 duplicate_item"])
        #expect(Fixtures.codes(Fixtures.example.setting("/quarantine/driverHealth/symptoms", to: nil)) == [])
    }

    @Test func theHealthDeclarationIsFromTheLastSevenDays() {
        #expect(Fixtures.codes(Fixtures.example.setting("/quarantine/driverHealth/declaredOn", to: "2026-11-15")) == [])
        #expect(Fixtures.codes(Fixtures.example.setting("/quarantine/driverHealth/declaredOn", to: "2026-11-14")) == ["/quarantine/driverHealth/declaredOn date_out_of_range"])
        #expect(Fixtures.codes(Fixtures.example.setting("/quarantine/driverHealth/declaredOn", to: "2026-11-23")) == ["/quarantine/driverHealth/declaredOn date_out_of_range"])
    }
}
