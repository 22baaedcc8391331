import CarrierAPI
import Testing

@Suite struct APIKeyTests {
    @Test func aGeneratedKeyParsesBackAndTwoKeysDiffer() {
        let key = APIKey.generate()
        #expect(APIKey(token: key.token) == key)
        #expect(key.token.hasPrefix("sgk_"))
        #expect(key.secretSHA256.count == 32)
        #expect(APIKey.generate() != key)
    }

    @Test(arguments: [
        "", "sgk_", "sgk_abc_def", "Bearer sgk_aaaaaaaaaaaa_" + String(repeating: "0", count: 64),
        "sgk_AAAAAAAAAAAA_" + String(repeating: "0", count: 64), "sgk_aaaaaaaaaaaa_" + String(repeating: "0", count: 63),
        "sgk_aaaaaaaaaaaa_" + String(repeating: "G", count: 64), "sgk_aaaaaaaaaaaa_" + String(repeating: "0", count: 64) + "_x",
        "sgk_aaaaaaaaaaa__" + String(repeating: "0", count: 64), "sgk_aaaaaaaaaaa_0" + String(repeating: "0", count: 64),
        "sgx_aaaaaaaaaaaa_" + String(repeating: "0", count: 64), "sgk-aaaaaaaaaaaa_" + String(repeating: "0", count: 64),
        "sgk_aaaaaaaaaaaé_" + String(repeating: "0", count: 63), " sgk_aaaaaaaaaaaa_" + String(repeating: "0", count: 64),
    ])
    func aTokenNotShapedLikeOurKeysIsRefused(_ token: String) {
        #expect(APIKey(token: token) == nil)
    }
}
