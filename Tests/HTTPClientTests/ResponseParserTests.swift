import Testing
@testable import HTTPClient

/// The parser alone: framing, strictness and limits, whole and byte by byte.
@Suite struct ResponseParserTests {
    enum Outcome {
        case response(HTTPClientResponse, keepAlive: Bool, extra: Int)
        case incomplete
        case failed(HTTPClientError)
    }

    /// Feeds `raw` in pieces of `step` bytes (0: all at once).
    static func parse(_ raw: String, head: Bool = false, limit: Int = 64 << 20, step: Int = 0) -> Outcome {
        var parser = ResponseParser(isHeadRequest: head, maximumSize: limit)
        let bytes = Array(raw.utf8)
        let size = step == 0 ? max(bytes.count, 1) : step
        var offset = 0
        do {
            while offset < bytes.count {
                let end = min(bytes.count, offset + size)
                let piece = Array(bytes[offset..<end])
                if let parsed = try piece.withUnsafeBytes({ try parser.consume($0) }) {
                    return .response(parsed.response, keepAlive: parsed.keepAlive, extra: parsed.extraBytes + (bytes.count - end))
                }
                offset = end
            }
            return .incomplete
        } catch let error as HTTPClientError {
            return .failed(error)
        } catch {
            Issue.record("unexpected \(error)")
            return .incomplete
        }
    }

    /// The same verdict whole and byte by byte; returns the whole-feed one.
    static func parseBothWays(_ raw: String, head: Bool = false) -> Outcome {
        let whole = parse(raw, head: head)
        let split = parse(raw, head: head, step: 1)
        #expect(summary(whole) == summary(split), "verdict depends on the split: \(summary(whole)) vs \(summary(split))")
        return whole
    }

    static func summary(_ outcome: Outcome) -> String {
        switch outcome {
        case .response(let r, let keepAlive, let extra): "\(r.status) \(r.body) \(keepAlive) \(extra)"
        case .incomplete: "incomplete"
        case .failed(let e): "\(e)"
        }
    }

    static func malformed(_ raw: String, mentioning text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .failed(.malformedResponse(let why)) = parseBothWays(raw) else {
            Issue.record("accepted: \(raw.debugDescription)", sourceLocation: sourceLocation)
            return
        }
        #expect(why.contains(text), "\(why)", sourceLocation: sourceLocation)
    }

    static func body(_ outcome: Outcome) -> String? {
        guard case .response(let r, _, _) = outcome else { return nil }
        return String(decoding: r.body, as: UTF8.self)
    }

    @Test func readsAContentLengthBodyAndKeepsTheConnection() {
        let outcome = Self.parseBothWays("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello")
        guard case .response(let r, let keepAlive, let extra) = outcome else { Issue.record("\(outcome)"); return }
        #expect(r.status == 200)
        #expect(r.header("content-type") == "text/plain")
        #expect(String(decoding: r.body, as: UTF8.self) == "hello")
        #expect(keepAlive && extra == 0)
    }

    @Test func keepsHeadersInOrderWithRepeatsAndTrimsOWS() {
        guard case .response(let r, _, _) = Self.parseBothWays("HTTP/1.1 200 OK\r\nSet-Cookie: a=1 \r\nX: \t y\r\nset-cookie:b=2\r\nContent-Length: 0\r\n\r\n") else {
            Issue.record("rejected"); return
        }
        #expect(r.headers.map(\.0) == ["Set-Cookie", "X", "set-cookie", "Content-Length"])
        #expect(r.headerValues("SET-COOKIE") == ["a=1", "b=2"])
        #expect(r.header("x") == "y")
    }

    @Test func decodesChunkedBodiesIgnoringExtensionsAndSkippingTrailers() {
        let raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n1 ; x\r\n \r\nA\r\n0123456789\r\n0\r\nX-Checksum: abc\r\n\r\n"
        #expect(Self.body(Self.parseBothWays(raw)) == "hello 0123456789")
    }

    @Test func readsUntilCloseWithoutLengthAndThenTheConnectionIsNotReusable() throws {
        var parser = ResponseParser(isHeadRequest: false, maximumSize: 1 << 20)
        let raw = Array("HTTP/1.1 200 OK\r\n\r\nall of it".utf8)
        #expect(try raw.withUnsafeBytes { try parser.consume($0) } == nil)
        let response = try parser.finish(clean: true)
        #expect(String(decoding: response.body, as: UTF8.self) == "all of it")
    }

    @Test func refusesAnUntilCloseBodyEndedWithoutCloseNotify() throws {
        var parser = ResponseParser(isHeadRequest: false, maximumSize: 1 << 20)
        _ = try Array("HTTP/1.1 200 OK\r\n\r\npart".utf8).withUnsafeBytes { try parser.consume($0) }
        #expect(throws: HTTPClientError.self) { try parser.finish(clean: false) }
    }

    @Test func reportsAConnectionClosedMidBodyAsClosedBeforeResponse() throws {
        var parser = ResponseParser(isHeadRequest: false, maximumSize: 1 << 20)
        _ = try Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".utf8).withUnsafeBytes { try parser.consume($0) }
        do {
            _ = try parser.finish(clean: true)
            Issue.record("accepted a truncated body")
        } catch {
            guard case .closedBeforeResponse(let count) = error else { Issue.record("\(error)"); return }
            #expect(count == "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".utf8.count)
        }
    }

    @Test func hasNoBodyForHEAD204And304WhateverTheHeadersSay() {
        guard case .response(let head, _, let extra) = Self.parseBothWays("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", head: true) else {
            Issue.record("HEAD"); return
        }
        #expect(head.body.isEmpty && extra == 0)
        for status in [204, 304] {
            guard case .response(let r, let keepAlive, _) = Self.parseBothWays("HTTP/1.1 \(status) X\r\nContent-Length: 7\r\n\r\n") else {
                Issue.record("\(status)"); continue
            }
            #expect(r.status == status && r.body.isEmpty && keepAlive)
        }
    }

    @Test func skipsInterimResponses() {
        let raw = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"
        guard case .response(let r, _, _) = Self.parseBothWays(raw) else { Issue.record("rejected"); return }
        #expect(r.status == 201)
        #expect(r.header("Link") == nil)
        #expect(String(decoding: r.body, as: UTF8.self) == "ok")
    }

    @Test func refuses101BecauseWeNeverAskToUpgrade() {
        Self.malformed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n", mentioning: "101")
    }

    @Test func honoursConnectionCloseAndHTTP10KeepAliveRules() {
        if case .response(_, let keepAlive, _) = Self.parseBothWays("HTTP/1.1 200 OK\r\nConnection: Keep-Alive, CLOSE\r\nContent-Length: 0\r\n\r\n") {
            #expect(!keepAlive)
        } else { Issue.record("rejected") }
        if case .response(_, let keepAlive, _) = Self.parseBothWays("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n") {
            #expect(!keepAlive)
        } else { Issue.record("rejected") }
        if case .response(_, let keepAlive, _) = Self.parseBothWays("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n") {
            #expect(keepAlive)
        } else { Issue.record("rejected") }
    }

    @Test func countsBytesAfterTheResponseSoTheConnectionIsNotReused() {
        guard case .response(_, _, let extra) = Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 200 OK\r\n") else {
            Issue.record("rejected"); return
        }
        #expect(extra == 17)
    }

    @Test func acceptsIdenticalRepeatedContentLengths() {
        #expect(Self.body(Self.parseBothWays("HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc")) == "abc")
    }

    @Test func refusesDifferingContentLengths() {
        Self.malformed("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", mentioning: "differing")
        Self.malformed("HTTP/1.1 200 OK\r\nContent-Length: 3, 4\r\n\r\nabcd", mentioning: "differing")
    }

    @Test func refusesNonNumericContentLengths() {
        for value in ["abc", "-1", "+3", "3 3", "0x10", "", "1e3", "99999999999999999999999"] {
            Self.malformed("HTTP/1.1 200 OK\r\nContent-Length: \(value)\r\n\r\n", mentioning: "not a number")
        }
    }

    @Test func refusesTransferEncodingWithContentLength() {
        Self.malformed("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", mentioning: "both")
    }

    @Test func refusesTransferCodingsOtherThanChunked() {
        Self.malformed("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", mentioning: "unsupported")
        Self.malformed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", mentioning: "unsupported")
        Self.malformed("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", mentioning: "HTTP/1.0")
    }

    @Test func refusesObsFold() {
        Self.malformed("HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\nContent-Length: 0\r\n\r\n", mentioning: "obs-fold")
        Self.malformed("HTTP/1.1 200 OK\r\n\tX-A: one\r\n\r\n", mentioning: "obs-fold")
    }

    @Test func refusesBareCRAndBareLF() {
        Self.malformed("HTTP/1.1 200 OK\r\nX-A: a\rb\r\nContent-Length: 0\r\n\r\n", mentioning: "bare CR")
        Self.malformed("HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n", mentioning: "bare LF")
        Self.malformed("HTTP/1.1 200 OK\r\nContent-Length: 0\n\r\n", mentioning: "bare LF")
    }

    @Test func refusesAFieldLineWithoutAColonOrWithSpaceBeforeIt() {
        Self.malformed("HTTP/1.1 200 OK\r\nNoColonHere\r\n\r\n", mentioning: "no colon")
        Self.malformed("HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n", mentioning: "not a token")
        Self.malformed("HTTP/1.1 200 OK\r\n: empty\r\n\r\n", mentioning: "not a token")
    }

    @Test func refusesControlCharactersInValues() {
        Self.malformed("HTTP/1.1 200 OK\r\nX-A: a\u{0}b\r\n\r\n", mentioning: "control character")
    }

    @Test func refusesBadStatusLines() {
        Self.malformed("HTTP/2.0 200 OK\r\n\r\n", mentioning: "version")
        Self.malformed("HTTP/1.1 20 OK\r\n\r\n", mentioning: "status")
        Self.malformed("HTTP/1.1 2000 OK\r\n\r\n", mentioning: "three digits")
        Self.malformed("HTTP/1.1 099 Low\r\n\r\n", mentioning: "outside")
        Self.malformed("HTTP/1.1 600 High\r\n\r\n", mentioning: "outside")
        Self.malformed("ICY 200 OK\r\n\r\n", mentioning: "status line")
        Self.malformed("\r\nHTTP/1.1 200 OK\r\n\r\n", mentioning: "status line")
    }

    @Test func acceptsAStatusLineWithoutReasonPhrase() {
        #expect(Self.body(Self.parseBothWays("HTTP/1.1 200\r\nContent-Length: 1\r\n\r\nx")) == "x")
        #expect(Self.body(Self.parseBothWays("HTTP/1.1 200 \r\nContent-Length: 1\r\n\r\nx")) == "x")
    }

    @Test func refusesBadChunkFraming() {
        let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        Self.malformed(head + "zz\r\n", mentioning: "hex")
        Self.malformed(head + "3\r\nabcd\r\n0\r\n\r\n", mentioning: "CRLF")
        Self.malformed(head + "3x\r\nabc\r\n0\r\n\r\n", mentioning: "garbage")
        Self.malformed(head + "FFFFFFFFFFFFFFFFFF\r\n", mentioning: "overflow")
        Self.malformed(head + "0\r\nBad Trailer\r\n\r\n", mentioning: "no colon")
    }

    @Test func refusesAResponseOverTheLimit() {
        let declared = Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n", limit: 1000)
        guard case .failed(.responseTooLarge(let limit)) = declared else { Issue.record("\(declared)"); return }
        #expect(limit == 1000)
        let chunked = Self.parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + String(repeating: "10\r\n0123456789abcdef\r\n", count: 100), limit: 1000, step: 7)
        guard case .failed(.responseTooLarge) = chunked else { Issue.record("\(chunked)"); return }
        let untilClose = Self.parse("HTTP/1.1 200 OK\r\n\r\n" + String(repeating: "x", count: 2000), limit: 1000, step: 100)
        guard case .failed(.responseTooLarge) = untilClose else { Issue.record("\(untilClose)"); return }
    }

    @Test func refusesAnOverlongHeadWhetherItArrivesWholeOrInPieces() {
        let raw = "HTTP/1.1 200 OK\r\nX-Big: " + String(repeating: "a", count: 70_000) + "\r\n\r\n"
        for step in [0, 1000] {
            guard case .failed(.malformedResponse(let why)) = Self.parse(raw, step: step) else { Issue.record("accepted"); continue }
            #expect(why.contains("longer than 65536"))
        }
    }

    @Test func waitsForMoreWhenTheResponseIsIncomplete() {
        if case .incomplete = Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel") {} else { Issue.record("not incomplete") }
        if case .incomplete = Self.parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n") {} else { Issue.record("not incomplete") }
    }
}
