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
    ])
    func aTokenNotShapedLikeOurKeysIsRefused(_ token: String) {
        #expect(APIKey(token: token) == nil)
    }
}
