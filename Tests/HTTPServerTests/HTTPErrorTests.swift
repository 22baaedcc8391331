import Foundation
import Testing
@testable import HTTPServer

@Suite struct HTTPErrorTests {
    @Test func rendersAnRFC9457ProblemDocument() throws {
        let error = HTTPError(.unprocessableContent, code: "invalid_hs_code", detail: "HS code \"0810\" needs 6 digits",
                              extra: ["field": "goods[0].hsCode"])
        let response = error.response(requestID: "req-1")
        #expect(response.status.code == 422)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        guard case .bytes(let body) = response.body else { Issue.record("expected bytes"); return }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(json["type"] as? String == "about:blank")
        #expect(json["title"] as? String == "Unprocessable Content")
        #expect(json["status"] as? Int == 422)
        #expect(json["detail"] as? String == "HS code \"0810\" needs 6 digits")
        #expect(json["code"] as? String == "invalid_hs_code")
        #expect(json["requestId"] as? String == "req-1")
        #expect(json["field"] as? String == "goods[0].hsCode")
    }

    @Test func escapesControlCharactersInTheDetail() throws {
        let response = HTTPError(.badRequest, code: "x", detail: "line\nbreak\u{01}").response(requestID: nil)
        guard case .bytes(let body) = response.body else { return }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(json["detail"] as? String == "line\nbreak\u{01}")
    }
}

@Suite struct CompressionTests {
    @Test func honoursQZeroForGzip() {
        #expect(AcceptEncoding.allowsGzip("gzip, deflate"))
        #expect(AcceptEncoding.allowsGzip("br;q=1.0, gzip;q=0.5"))
        #expect(!AcceptEncoding.allowsGzip("gzip;q=0"))
        #expect(!AcceptEncoding.allowsGzip("br, *;q=0"))
        #expect(AcceptEncoding.allowsGzip("*"))
        #expect(!AcceptEncoding.allowsGzip(nil))
        #expect(!AcceptEncoding.allowsGzip("identity"))
    }

    @Test func roundTripsThroughZlib() throws {
        let input = Array(String(repeating: "{\"lane\":\"green\"},", count: 500).utf8)
        let compressed = try #require(Gzip.compress(input))
        #expect(compressed.count < input.count / 5)
        #expect(compressed.prefix(2) == [0x1F, 0x8B])
        #expect(Gzip.decompress(compressed) == input)
    }

    @Test func leavesSmallBodiesUncompressed() {
        let response = HTTPResponse(status: .ok, jsonBytes: Array("{}".utf8))
        let p = PreparedResponse.make(response, traits: .init(acceptsGzip: true, isHTTP10: false, requestID: "r", gzipMinimumBytes: 1024),
                                      routePattern: "/")
        #expect(p.headers["Content-Encoding"] == nil)
    }
}

@Suite struct HTTPFieldsTests {
    @Test func looksUpCaseInsensitivelyAndKeepsOrder() {
        var f = HTTPFields([("Content-Type", "a"), ("X-B", "1"), ("x-b", "2")])
        #expect(f["content-type"] == "a")
        #expect(f.values(for: "X-b") == ["1", "2"])
        f.set(name: "X-B", value: "3")
        #expect(f.values(for: "x-b") == ["3"])
        #expect(f.map(\.name) == ["Content-Type", "X-B"])
    }

    @Test func neutralisesCRLFInjectionInValues() {
        var f = HTTPFields()
        f.append(name: "X-Evil", value: "a\r\nSet-Cookie: x")
        var out: [UInt8] = []
        f.serialize(into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "X-Evil: a  Set-Cookie: x\r\n")
    }
}

@Suite struct DateCacheTests {
    @Test func formatsIMFFixdate() {
        #expect(DateCache.format(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    @Test func acceptsOnlySaneRequestIDs() {
        #expect(RequestID.isSane("abc-DEF_1.2"))
        #expect(!RequestID.isSane(""))
        #expect(!RequestID.isSane("a b"))
        #expect(!RequestID.isSane(String(repeating: "a", count: 129)))
        #expect(RequestID.make() != RequestID.make())
    }
}
