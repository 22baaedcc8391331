import HTTPClient
import Testing

@Suite struct HTTPSEndpointTests {
    @Test func partnerURLsParseToHostAndPort() {
        #expect(HTTPSEndpoint(url: "https://127.0.0.1:8443") == HTTPSEndpoint(url: "https://127.0.0.1:8443/"))
        #expect(HTTPSEndpoint(url: "https://127.0.0.1:8443")?.port == 8443)
        #expect(HTTPSEndpoint(url: "https://nanning.customs.example")?.port == 443)
        #expect(HTTPSEndpoint(url: "https://[::1]:9443")?.host == "::1")
        #expect(HTTPSEndpoint(url: "https://[::1]:9443")?.port == 9443)
        #expect(HTTPSEndpoint(url: "https://[::1]")?.port == 443)
    }

    @Test func anythingElseIsRefused() {
        for url in ["http://127.0.0.1:8443", "https://", "https://host:0", "https://host:70000", "https://host:port", "https://[::1]x"] {
            #expect(HTTPSEndpoint(url: url) == nil, "\(url)")
        }
    }
}
