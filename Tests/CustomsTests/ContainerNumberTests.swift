@testable import Customs
import Testing

@Suite struct ContainerNumberTests {
    @Test func acceptsNumbersWithTheRightCheckDigit() {
        // CSQU3054383 is ISO 6346's own worked example; the others were computed by hand.
        for number in ["CSQU3054383", "MSCU1234566", "TGHU1234567", "MAEU1234567", "TCLU1234568"] {
            #expect(ContainerNumber.validate(number) == nil, "\(number)")
        }
    }

    @Test func namesTheExpectedCheckDigitWhenOnlyItIsWrong() {
        #expect(ContainerNumber.validate("CSQU3054384") == .checkDigit(expected: 3))
        #expect(ContainerNumber.validate("MSCU1234567") == .checkDigit(expected: 6))
    }

    @Test func letterValuesSkipMultiplesOfEleven() {
        // A=10, B=12 (11 skipped), K=21, L=23 (22 skipped), U=32, V=34 (33 skipped).
        #expect(ContainerNumber.checkDigit(of: Array("AAAU000000".utf8)) == (10 + 20 + 40 + 32 * 8) % 11 % 10)
        #expect(ContainerNumber.checkDigit(of: Array("BBBU000000".utf8)) == (12 + 24 + 48 + 32 * 8) % 11 % 10)
        #expect(ContainerNumber.checkDigit(of: Array("LLLU000000".utf8)) == (23 + 46 + 92 + 32 * 8) % 11 % 10)
        #expect(ContainerNumber.checkDigit(of: Array("VVVU000000".utf8)) == (34 + 68 + 136 + 32 * 8) % 11 % 10)
    }

    @Test func refusesWrongShapes() {
        for number in ["CSQU305438", "CSQU30543833", "CSQX3054383", "csqu3054383", "CS1U3054383", "CSQU-305438-3", "CSQU305438A"] {
            #expect(ContainerNumber.validate(number) == .format, "\(number)")
        }
    }

    @Test func acceptsDetachableEquipmentAndChassisCategories() {
        let digitJ = ContainerNumber.checkDigit(of: Array("ABCJ123456".utf8))!
        let digitZ = ContainerNumber.checkDigit(of: Array("ABCZ123456".utf8))!
        #expect(ContainerNumber.validate("ABCJ123456\(digitJ)") == nil)
        #expect(ContainerNumber.validate("ABCZ123456\(digitZ)") == nil)
    }
}
