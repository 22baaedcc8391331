import Testing
@testable import HTTPServer

/// Parses `raw` whole, and again one byte at a time, and checks both give the same answer.
private func parse(_ raw: String, maxBody: Int = 1 << 20, limits: HTTPParserLimits = HTTPParserLimits())
    -> HTTPRequestParser.CollectedResult
{
    let bytes = Array(raw.utf8)
    let whole = HTTPRequestParser.collect(bytes, maxBodyBytes: maxBody, limits: limits)
    let byByte = HTTPRequestParser.collect(bytes, pieceSizes: [1], maxBodyBytes: maxBody, limits: limits)
    #expect(whole.error == byByte.error)
    #expect(whole.messages.count == byByte.messages.count)
    #expect(whole.messages.map(\.body) == byByte.messages.map(\.body))
    return whole
}

private func rejection(_ raw: String, maxBody: Int = 1 << 20) -> HTTPParseError? {
    parse(raw, maxBody: maxBody).error
}

@Suite struct HTTPRequestParserTests {
    @Test func parsesASimpleGet() throws {
        let r = parse("GET /v1/declarations?x=1 HTTP/1.1\r\nHost: gate\r\nAccept: */*\r\n\r\n")
        #expect(r.error == nil)
        let m = try #require(r.messages.first)
        #expect(m.head.method == "GET")
        #expect(m.head.target == "/v1/declarations?x=1")
        #expect(m.head.version == .http1_1)
        #expect(m.head.headers["host"] == "gate")
        #expect(m.head.headers["ACCEPT"] == "*/*")
        #expect(m.head.keepAlive)
        #expect(m.head.framing == .none)
    }

    @Test func keepsRepeatedFieldsInOrder() throws {
        let r = parse("GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\nx-a: 2\r\n\r\n")
        let m = try #require(r.messages.first)
        #expect(m.head.headers.values(for: "X-A") == ["1", "2"])
        #expect(m.head.headers.count == 3)
    }

    @Test func trimsOptionalWhitespaceAroundFieldValues() throws {
        let r = parse("GET / HTTP/1.1\r\nHost: a\r\nX:  \t v  w \t\r\n\r\n")
        #expect(try #require(r.messages.first).head.headers["x"] == "v  w")
    }

    @Test func readsAContentLengthBody() throws {
        let r = parse("POST /d HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello")
        #expect(try #require(r.messages.first).body == Array("hello".utf8))
    }

    @Test func readsAChunkedBodyWithExtensionsAndTrailers() throws {
        let raw = "POST /d HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;a=b;c=\"q\\\"d\"\r\nhello\r\n6 ; x\r\n world\r\n0\r\nTrailer-A: 1\r\n\r\n"
        let r = parse(raw)
        #expect(r.error == nil)
        #expect(try #require(r.messages.first).body == Array("hello world".utf8))
    }

    @Test func parsesPipelinedRequestsInOrder() {
        let raw = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi"
            + "\r\nGET /3 HTTP/1.1\r\nHost: a\r\n\r\n"
        let r = parse(raw)
        #expect(r.error == nil)
        #expect(r.messages.map(\.head.target) == ["/1", "/2", "/3"])
    }

    @Test func ignoresEmptyLinesBeforeTheRequestLine() {
        #expect(parse("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n").messages.count == 1)
    }

    @Test func waitsForMoreBytesOnAnIncompleteHead() {
        let r = parse("GET / HTTP/1.1\r\nHost: a\r\n")
        #expect(r.messages.isEmpty && r.error == nil && r.leftover > 0)
    }

    @Test func acceptsHTTP10WithoutHostAndDefaultsToClose() throws {
        let r = parse("GET / HTTP/1.0\r\n\r\n")
        let m = try #require(r.messages.first)
        #expect(m.head.version == .http1_0)
        #expect(!m.head.keepAlive)
        #expect(try #require(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").messages.first).head.keepAlive)
    }

    @Test func honoursConnectionClose() throws {
        #expect(!(try #require(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\t\r\n\r\n").messages.first).head.keepAlive))
    }

    @Test func mergesIdenticalRepeatedContentLength() throws {
        let r = parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc")
        #expect(try #require(r.messages.first).body.count == 3)
    }

    @Test func recordsExpect100Continue() throws {
        let r = parse("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx")
        #expect(try #require(r.messages.first).head.expectsContinue)
    }

    // MARK: - Rejections

    @Test func refusesContentLengthTogetherWithTransferEncoding() {
        #expect(rejection("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            == .contentLengthWithTransferEncoding)
    }

    @Test func refusesDifferingContentLengths() {
        #expect(rejection("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx") == .conflictingContentLength)
    }

    @Test(arguments: ["+5", "-5", "4 2", "", "0x10", "1000000000000000000000", "18446744073709551616"])
    func refusesAnInvalidContentLength(_ value: String) {
        #expect(rejection("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \(value)\r\n\r\n") == .invalidContentLength)
    }

    @Test func answers501ToGzipBeforeChunked() {
        let e = rejection("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
        #expect(e == .unsupportedTransferCoding && e?.status == 501)
    }

    @Test func refusesChunkedThatIsNotFinal() {
        #expect(rejection("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n")?.status == 400)
    }

    @Test func refusesChunkedAppliedTwice() {
        #expect(rejection("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n") == .chunkedNotFinal)
    }

    @Test func refusesAnUnknownTransferCodingWith501() {
        #expect(rejection("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: pigeons\r\n\r\n")?.status == 501)
    }

    @Test func refusesTransferEncodingInHTTP10() {
        #expect(rejection("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == .transferEncodingInHTTP10)
    }

    @Test func refusesAChunkSizeOverflow() {
        #expect(rejection("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000000\r\n", maxBody: .max)
            == .chunkSizeOverflow)
    }

    @Test func refusesWhitespaceAfterAChunkSizeWithoutExtension() {
        #expect(rejection("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\na \r\n0123456789\r\n0\r\n\r\n")
            == .invalidChunkSize)
    }

    @Test func refusesChunkDataNotFollowedByCRLF() {
        #expect(rejection("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nABCDE0\r\n") == .invalidChunkTerminator)
    }

    @Test func refusesObsoleteLineFolding() {
        #expect(rejection("GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n") == .obsoleteLineFolding)
    }

    @Test func refusesWhitespaceBeforeTheFirstField() {
        #expect(rejection("GET / HTTP/1.1\r\n Host: a\r\n\r\n") == .obsoleteLineFolding)
    }

    @Test func refusesABareCR() {
        #expect(rejection("GET / HTTP/1.1\r\nHost: a\r\nX: a\rY: b\r\n\r\n") == .bareCR)
    }

    @Test func refusesABareLF() {
        #expect(rejection("GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n") == .bareLF)
    }

    @Test func refusesControlCharactersInAFieldValue() {
        #expect(rejection("GET / HTTP/1.1\r\nHost: a\r\nX: a\u{01}b\r\n\r\n") == .invalidFieldValue)
    }

    @Test func acceptsObsTextInAFieldValue() {
        #expect(rejection("GET / HTTP/1.1\r\nHost: a\r\nX: Düsseldorf\r\n\r\n") == nil)
    }

    @Test func refusesInvalidCharactersInAFieldName() {
        #expect(rejection("GET / HTTP/1.1\r\nHost: a\r\nFo@: x\r\n\r\n") == .invalidFieldName)
        #expect(rejection("GET / HTTP/1.1\r\nHost: a\r\n: x\r\n\r\n") == .invalidFieldName)
    }

    @Test func refusesWhitespaceBetweenFieldNameAndColon() {
        #expect(rejection("GET / HTTP/1.1\r\nHost: a\r\nContent-Length : 1\r\n\r\nx") == .whitespaceBeforeColon)
    }

    @Test func refusesAnInvalidMethodToken() {
        #expect(rejection("G(T / HTTP/1.1\r\nHost: a\r\n\r\n") == .invalidMethod)
    }

    @Test func refusesAMissingHostInHTTP11() {
        #expect(rejection("GET / HTTP/1.1\r\n\r\n") == .missingHost)
    }

    @Test func refusesSeveralHostFields() {
        #expect(rejection("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") == .duplicateHost)
    }

    @Test func answers505ToHTTP2() {
        #expect(rejection("GET / HTTP/2.0\r\nHost: a\r\n\r\n")?.status == 505)
    }

    @Test(arguments: ["HTTP/1.01", "HTTP/11.1", "HTP/1.1", "ICE/1.0", "http/1.1"])
    func refusesAMalformedVersion(_ version: String) {
        #expect(rejection("GET / \(version)\r\nHost: a\r\n\r\n") == .invalidVersion)
    }

    @Test func refusesAnHTTP09RequestLine() {
        #expect(rejection("GET /\r\n\r\n") == .invalidRequestLine)
    }

    @Test func refusesRawNonASCIIInTheTarget() {
        #expect(rejection("GET /δ HTTP/1.1\r\nHost: a\r\n\r\n") == .invalidTarget)
    }

    @Test func refusesTheAsteriskFormExceptForOptions() {
        #expect(rejection("GET * HTTP/1.1\r\nHost: a\r\n\r\n") == .invalidTarget)
        #expect(rejection("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n") == nil)
    }

    @Test func answers414ToATargetOverTheLimit() {
        let target = "/" + String(repeating: "a", count: 8192)
        #expect(rejection("GET \(target) HTTP/1.1\r\nHost: a\r\n\r\n") == .targetTooLong)
        // Cut off before the line ends, too.
        #expect(rejection("GET \(target)\(target)") == .targetTooLong)
    }

    @Test func answers431ToMoreThanAHundredFields() {
        let fields = (0..<101).map { "X-\($0): v\r\n" }.joined()
        #expect(rejection("GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n") == .tooManyFields)
    }

    @Test func answers431ToAHeaderSectionOf16KiB() {
        let big = String(repeating: "v", count: 16384)
        #expect(rejection("GET / HTTP/1.1\r\nHost: a\r\nX: \(big)\r\n\r\n")?.status == 431)
        #expect(rejection("GET / HTTP/1.1\r\nHost: a\r\nX: \(big)")?.status == 431)
    }

    @Test func refusesAContentLengthOverTheBodyLimitBeforeReadingTheBody() {
        #expect(rejection("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", maxBody: 10) == .bodyTooLarge)
    }

    @Test func refusesAChunkedBodyOverTheBodyLimit() {
        #expect(rejection("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nabcdef\r\n0\r\n\r\n",
                          maxBody: 10) == .bodyTooLarge)
    }

    @Test func answers417ToAnUnknownExpectation() {
        #expect(rejection("POST / HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\n\r\n")?.status == 417)
    }

    @Test func refusesAMalformedTrailer() {
        #expect(rejection("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nBad Name: x\r\n\r\n") == .invalidTrailer)
    }

    @Test func staysFailedAfterAnError() {
        var parser = HTTPRequestParser()
        let bytes = Array("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        let first = bytes.withUnsafeBufferPointer { parser.parse($0) }
        let second = bytes.withUnsafeBufferPointer { parser.parse($0) }
        guard case .error(.duplicateHost) = first.event, case .error(.duplicateHost) = second.event else {
            Issue.record("expected a sticky error, got \(first.event) then \(second.event)")
            return
        }
    }
}

@Suite struct HTTPRequestParserSplitTests {
    /// Found by the fuzzer: a long malformed request line was 400 whole but 414 byte by byte.
    @Test func givesTheSameVerdictForALongMalformedRequestLineWholeOrByteByByte() {
        let line = String(repeating: "$", count: 200) + "\u{01} / HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(parse(line, limits: HTTPParserLimits(maxTargetLength: 64)).error == .targetTooLong)
    }
}

extension HTTPRequestParserSplitTests {
    /// Found by the fuzzer: an over-long line ended by a bare CR was bareCR whole, 414 byte by byte.
    @Test func checksLengthBeforeLineEndingsWholeOrByteByByte() {
        let line = String(repeating: "a", count: 200) + "\rm\r\n\r\n"
        #expect(parse(line, limits: HTTPParserLimits(maxTargetLength: 64)).error == .targetTooLong)
    }
}
