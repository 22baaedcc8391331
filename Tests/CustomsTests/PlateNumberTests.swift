@testable import Customs
import Testing

@Suite struct PlateNumberTests {
    @Test func readsVietnamesePlatesAndAddsTheDotToFiveDigitSerials() {
        let cases: [(String, String, Bool)] = [
            ("12C-123.45", "12C-123.45", false),
            ("29H-12345", "29H-123.45", false),
            ("29H-123.45", "29H-123.45", false),
            ("20C-1234", "20C-1234", false),
            ("51LD-123.45", "51LD-123.45", false),
            ("99C1-123.45", "99C1-123.45", false),
            ("12R-012.34", "12R-012.34", true),
            ("12R-01234", "12R-012.34", true),
        ]
        for (plate, normalised, trailer) in cases {
            #expect(PlateNumber.parse(plate) == PlateNumber.Parsed(normalised: normalised, country: "VN", isTrailer: trailer), "\(plate)")
        }
    }

    @Test func refusesMalformedVietnamesePlates() {
        for plate in ["10C-123.45", "12C123.45", "12c-123.45", "12I-123.45", "12CCC-123.45", "12C-12.345", "12C-123", "12C-123456", "12C 123.45", "1C-123.45", "12C12-123.45"] {
            #expect(PlateNumber.parse(plate) == nil, "\(plate)")
        }
    }

    @Test func readsChinesePlatesOfEveryProvince() {
        for province in ChinesePlateProvinces.all {
            #expect(PlateNumber.parse("\(province)A12345")?.country == "CN", "\(province)")
        }
        #expect(ChinesePlateProvinces.all.count == 31)
    }

    @Test func readsChineseNewEnergyAndTrailerPlates() {
        #expect(PlateNumber.parse("桂F12345") == PlateNumber.Parsed(normalised: "桂F12345", country: "CN", isTrailer: false))
        #expect(PlateNumber.parse("桂FA12B3")?.isTrailer == false)
        #expect(PlateNumber.parse("桂FD12345")?.isTrailer == false)
        #expect(PlateNumber.parse("粤B12345F")?.isTrailer == false)
        #expect(PlateNumber.parse("桂F1234挂") == PlateNumber.Parsed(normalised: "桂F1234挂", country: "CN", isTrailer: true))
    }

    @Test func refusesMalformedChinesePlates() {
        for plate in ["港F12345", "桂12345", "桂I12345", "桂F1234", "桂F123456", "桂FO1234", "桂F·12345", "桂f12345", "桂FX12345", "桂F12345挂", "桂F1234学"] {
            #expect(PlateNumber.parse(plate) == nil, "\(plate)")
        }
    }
}
