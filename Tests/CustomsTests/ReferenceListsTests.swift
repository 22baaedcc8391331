@testable import Customs
import Testing

/// The reference lists of Sources/Customs/Reference, checked for size and for well-known members.
@Suite struct ReferenceListsTests {
    @Test func countryCodesAreTheTwoHundredFortyNineAssignedOnes() {
        #expect(CountryCodes.assigned.count == 249)
        for code in ["VN", "CN", "LA", "TH", "KH", "HK", "MO", "TW", "SS", "BQ", "CW", "SX", "AX"] {
            #expect(CountryCodes.assigned.contains(code), "\(code)")
        }
        for code in ["XK", "UK", "EU", "AN", "YU", "CS", "ZZ", "vn"] {
            #expect(!CountryCodes.assigned.contains(code), "\(code)")
        }
    }

    @Test func currencyCodesAreCurrentCurrenciesOnly() {
        for code in ["USD", "CNY", "VND", "EUR", "THB", "LAK", "KHR", "XCG", "ZWG", "SLE", "VES"] {
            #expect(CurrencyCodes.active.contains(code), "\(code)")
        }
        for code in ["HRK", "SLL", "ZWL", "XAU", "XTS", "XXX", "BOV", "USN", "RMB", "usd"] {
            #expect(!CurrencyCodes.active.contains(code), "\(code)")
        }
        #expect(CurrencyCodes.minorUnits(of: "VND") == 0)
        #expect(CurrencyCodes.minorUnits(of: "KWD") == 3)
        #expect(CurrencyCodes.minorUnits(of: "USD") == 2)
    }

    @Test func unitCodesCoverFruitAndElectronicsTrade() {
        for code in ["KGM", "TNE", "H87", "PCE", "CT", "SET"] {
            #expect(UnitCodes.accepted.contains(code), "\(code)")
        }
        #expect(!UnitCodes.accepted.contains("KG"))
        #expect(!UnitCodes.accepted.contains("kgm"))
    }

    @Test func fruitNeedsPlantAndMeatNeedsAnimalQuarantineButElectronicsNeither() {
        #expect(QuarantineChapters.required[8] == .phytosanitary)
        #expect(QuarantineChapters.required[2] == .veterinary)
        #expect(QuarantineChapters.required[85] == nil)
    }

    @Test func licenceClassesForTractorTrailersAreKnownClasses() {
        #expect(LicenceClasses.tractorTrailer.isSubset(of: LicenceClasses.known))
    }
}
