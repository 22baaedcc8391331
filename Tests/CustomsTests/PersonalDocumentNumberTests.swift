@testable import Customs
import Testing

@Suite struct PersonalDocumentNumberTests {
    private let born1985 = CalendarDate(year: 1985, month: 4, day: 12)!
    private let born2001 = CalendarDate(year: 2001, month: 7, day: 1)!

    @Test func passportFormatsFollowTheNationality() {
        #expect(PersonalDocumentNumber.passportProblem("C1234567", nationality: "VN") == nil)
        #expect(PersonalDocumentNumber.passportProblem("P01234567", nationality: "VN") != nil)
        #expect(PersonalDocumentNumber.passportProblem("E12345678", nationality: "CN") == nil)
        #expect(PersonalDocumentNumber.passportProblem("EA1234567", nationality: "CN") == nil)
        #expect(PersonalDocumentNumber.passportProblem("G12345678", nationality: "CN") == nil)
        #expect(PersonalDocumentNumber.passportProblem("EI1234567", nationality: "CN") != nil)
        #expect(PersonalDocumentNumber.passportProblem("C1234567", nationality: "CN") != nil)
        #expect(PersonalDocumentNumber.passportProblem("AA1234567", nationality: "TH") == nil)
        #expect(PersonalDocumentNumber.passportProblem("AA12345678", nationality: "TH") != nil)
        #expect(PersonalDocumentNumber.passportProblem("aa123456", nationality: "LA") != nil)
    }

    @Test func vietnameseCitizenIDsCarryProvinceCenturyAndBirthYear() {
        // 020 Lạng Sơn, 0 = male born 1900–1999, 85 = 1985.
        #expect(PersonalDocumentNumber.vietnameseCitizenIDProblem("020085001234", birthDate: born1985) == nil)
        // 3 = female born 2000–2099, 01 = 2001.
        #expect(PersonalDocumentNumber.vietnameseCitizenIDProblem("001301001234", birthDate: born2001) == nil)
        #expect(PersonalDocumentNumber.vietnameseCitizenIDProblem("020085001234", birthDate: nil) == nil)
    }

    @Test func vietnameseCitizenIDsAreCheckedAgainstTheBirthDate() {
        #expect(PersonalDocumentNumber.vietnameseCitizenIDProblem("020086001234", birthDate: born1985)?.contains("born in 1986") == true)
        #expect(PersonalDocumentNumber.vietnameseCitizenIDProblem("020285001234", birthDate: born1985)?.contains("born in 2085") == true)
    }

    @Test func vietnameseCitizenIDsNeedAKnownProvinceAndCentury() {
        #expect(PersonalDocumentNumber.vietnameseCitizenIDProblem("003085001234", birthDate: nil)?.contains("province") == true)
        #expect(PersonalDocumentNumber.vietnameseCitizenIDProblem("097085001234", birthDate: nil)?.contains("province") == true)
        #expect(PersonalDocumentNumber.vietnameseCitizenIDProblem("020485001234", birthDate: nil)?.contains("0–3") == true)
        #expect(PersonalDocumentNumber.vietnameseCitizenIDProblem("02008500123", birthDate: nil) != nil)
        #expect(VietnameseProvinceCodes.all.count == 63)
    }

    @Test func mod11_2MatchesTheStandardsExample() {
        // GB 11643-1999's own example, 11010519491231002X, and a computed one ending in 4.
        #expect(PersonalDocumentNumber.mod11_2CheckCharacter(Array("11010519491231002".utf8)) == UInt8(ascii: "X"))
        #expect(PersonalDocumentNumber.mod11_2CheckCharacter(Array("44052418800101001".utf8)) == UInt8(ascii: "4"))
    }

    @Test func chineseResidentIDsAreCheckedWholly() {
        let born = CalendarDate(year: 1949, month: 12, day: 31)!
        #expect(PersonalDocumentNumber.chineseResidentIDProblem("11010519491231002X", birthDate: born) == nil)
        #expect(PersonalDocumentNumber.chineseResidentIDProblem("110105194912310021", birthDate: born)?.contains("must be X") == true)
        #expect(PersonalDocumentNumber.chineseResidentIDProblem("11010519491231002X", birthDate: born1985)?.contains("1949-12-31") == true)
        #expect(PersonalDocumentNumber.chineseResidentIDProblem("11010519491331002X", birthDate: nil)?.contains("not a date") == true)
        #expect(PersonalDocumentNumber.chineseResidentIDProblem("99010519491231002X", birthDate: nil)?.contains("province") == true)
        #expect(PersonalDocumentNumber.chineseResidentIDProblem("11010519491231002x", birthDate: nil) != nil)
    }

    @Test func borderPassesAreSixToTwelveCapitalsAndDigits() {
        #expect(PersonalDocumentNumber.borderPassProblem("GT1234567") == nil)
        #expect(PersonalDocumentNumber.borderPassProblem("G123") != nil)
        #expect(PersonalDocumentNumber.borderPassProblem("GT-1234567") != nil)
    }
}
