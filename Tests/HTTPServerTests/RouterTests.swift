import Testing
@testable import HTTPServer

@Suite struct RouterTests {
    func router() -> Router {
        var r = Router()
        r.get("/v1/declarations/{id}") { _ in HTTPResponse(status: .ok) }
        r.put("/v1/declarations/{id}") { _ in HTTPResponse(status: .ok) }
        r.post("/v1/declarations", bodyLimit: 1 << 20) { _ in HTTPResponse(status: .created) }
        r.get("/health/live", blocking: false) { _ in HTTPResponse(status: .ok) }
        return r
    }

    @Test func matchesAPathParameterAndPercentDecodesIt() throws {
        guard case .found(let route, let params) = router().match(method: "GET", path: "/v1/declarations/VN%2F2026%20A") else {
            Issue.record("no match")
            return
        }
        #expect(route.pattern == "/v1/declarations/{id}")
        #expect(params["id"] == "VN/2026 A")
    }

    @Test func answers405WithTheAllowedMethods() {
        guard case .methodNotAllowed(let allowed) = router().match(method: "DELETE", path: "/v1/declarations/1") else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == ["GET", "PUT", "HEAD"])
    }

    @Test func answers404ForAnUnknownPath() {
        guard case .notFound = router().match(method: "GET", path: "/v2/nothing") else {
            Issue.record("expected 404")
            return
        }
    }

    @Test func servesHEADFromTheGETRoute() {
        guard case .found(let route, _) = router().match(method: "HEAD", path: "/health/live") else {
            Issue.record("expected a match")
            return
        }
        #expect(route.method == "GET" && !route.blocking)
    }

    @Test func keepsThePerRouteBodyLimit() {
        guard case .found(let route, _) = router().match(method: "POST", path: "/v1/declarations") else {
            Issue.record("expected a match")
            return
        }
        #expect(route.bodyLimit == 1 << 20)
    }

    @Test func refusesAMalformedPercentEscapeInAParameter() {
        guard case .notFound = router().match(method: "GET", path: "/v1/declarations/%zz") else {
            Issue.record("a malformed escape must not match")
            return
        }
    }
}

@Suite struct QueryParametersTests {
    @Test func decodesPairsInOrderWithPlusAsSpace() {
        let q = QueryParameters(parsing: "lane=red&q=fresh+fruit&lane=yellow&hs=08%2E10&flag")
        #expect(q["lane"] == "red")
        #expect(q.values(for: "lane") == ["red", "yellow"])
        #expect(q["q"] == "fresh fruit")
        #expect(q["hs"] == "08.10")
        #expect(q["flag"] == "")
    }

    @Test func splitsPathAndQueryAndDropsTheFragment() {
        let r = HTTPRequest(method: "GET", target: "/a/b?x=1#frag")
        #expect(r.path == "/a/b")
        #expect(r.query["x"] == "1")
        #expect(HTTPRequest(method: "GET", target: "http://host:80/p?q=2").path == "/p")
    }
}
