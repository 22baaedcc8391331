@testable import Customs
import Testing

@Suite struct JSONParserTests {
    private func parse(_ text: String, limits: JSONLimits = .init()) throws(JSONSyntaxError) -> JSONValue {
        try JSONParser.parse(text, limits: limits)
    }

    private func failure(_ text: String, limits: JSONLimits = .init()) -> JSONSyntaxError? {
        do {
            _ = try parse(text, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    private func failure(bytes: [UInt8]) -> JSONSyntaxError? {
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" { "a" : [1, -2.5e3, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude9a"], "b": {} } "#)
        #expect(value == [
            "a": [1, .number(JSONNumber("-2.5e3")!), true, false, nil, .string("x\"\\/\u{8}\u{C}\n\r\té🚚")],
            "b": .object(JSONObject()),
        ])
    }

    @Test func objectsKeepTheirKeysInDocumentOrder() throws {
        guard case .object(let object) = try parse(#"{"z":1,"a":2,"m":3}"#) else { Issue.record("not an object"); return }
        #expect(object.keys == ["z", "a", "m"])
    }

    @Test func numbersKeepTheirExactText() throws {
        guard case .array(let numbers) = try parse("[0.1, 1E+2, -0, 123456789012345678901234567890.5]") else { return }
        let texts = numbers.compactMap { if case .number(let n) = $0 { n.text } else { nil } }
        #expect(texts == ["0.1", "1E+2", "-0", "123456789012345678901234567890.5"])
    }

    @Test func reportsLineAndColumnAndWhatWasExpected() {
        let error = failure("{\n  \"a\": 1,\n  \"b\": 2 ]\n}")
        #expect(error?.kind == .unexpectedCharacter)
        #expect(error?.line == 3)
        #expect(error?.column == 10)
        #expect(error?.offset == 21)
        #expect(error?.description == "expected ',' or '}' after an object member, found ']' at line 3, column 10")
    }

    @Test func columnsCountUnicodeScalarsNotBytes() {
        let error = failure(#"{"name": "Nguyễn" x}"#)
        #expect(error?.line == 1)
        #expect(error?.column == 19)
    }

    @Test func refusesTrailingCommas() {
        #expect(failure("[1,2,]")?.message.contains("expected a value") == true)
        #expect(failure(#"{"a":1,}"#)?.message == "expected a string key after ',' in an object, found '}'")
    }

    @Test func refusesDuplicateKeysAndPointsAtBothPlaces() {
        let error = failure("{\"a\": 1,\n \"a\": 2}")
        #expect(error?.kind == .duplicateKey)
        #expect(error?.line == 2)
        #expect(error?.column == 2)
        #expect(error?.message.contains("line 1, column 2") == true)
    }

    @Test func findsDuplicateKeysInLargeObjectsToo() {
        let members = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ",")
        #expect(failure("{\(members), \"k3\": 0}")?.kind == .duplicateKey)
        #expect(failure("{\(members), \"k39\": 0}")?.kind == .duplicateKey)
        #expect(failure("{\(members)}") == nil)
        // Around the size where the scan gives way to a dictionary: the first and the last key repeated.
        for size in 14...18 {
            let keys = (0..<size).map { "\"k\($0)\": \($0)" }.joined(separator: ",")
            #expect(failure("{\(keys), \"k0\": 0}")?.kind == .duplicateKey, "\(size) keys, then k0")
            #expect(failure("{\(keys), \"k\(size - 1)\": 0}")?.kind == .duplicateKey, "\(size) keys, then the last")
            #expect(failure("{\(keys), \"k\(size)\": 0}") == nil, "\(size + 1) distinct keys")
        }
    }

    @Test func refusesNumbersOutsideTheGrammar() {
        #expect(failure("01")?.kind == .invalidNumber)
        #expect(failure("1.")?.kind == .unexpectedEnd)
        #expect(failure("[1.e5]")?.kind == .invalidNumber)
        #expect(failure("[-]")?.kind == .invalidNumber)
        #expect(failure("+1")?.kind == .unexpectedCharacter)
        #expect(failure("[NaN]")?.kind == .unexpectedCharacter)
        #expect(failure("[Infinity]")?.kind == .unexpectedCharacter)
        #expect(failure("[.5]")?.kind == .unexpectedCharacter)
        #expect(failure("[1e]")?.kind == .invalidNumber)
    }

    @Test func refusesLiteralsInTheWrongCase() {
        #expect(failure("True")?.kind == .unexpectedCharacter)
        #expect(failure("[nul]")?.kind == .unexpectedCharacter)
        #expect(failure("tru")?.kind == .unexpectedEnd)
    }

    @Test func refusesUnescapedControlCharactersInStrings() {
        let error = failure("[\"a\tb\"]")
        #expect(error?.kind == .controlCharacterInString)
        #expect(error?.message.contains("U+0009") == true)
    }

    @Test func refusesInvalidEscapes() {
        #expect(failure(#"["\x"]"#)?.kind == .invalidEscape)
        #expect(failure(#"["\u12G4"]"#)?.kind == .invalidEscape)
        #expect(failure(#"["\'"]"#)?.kind == .invalidEscape)
    }

    @Test func refusesLoneSurrogates() {
        #expect(failure(#"["\ud83d"]"#)?.kind == .loneSurrogate)
        #expect(failure(#"["\ud83dx"]"#)?.kind == .loneSurrogate)
        #expect(failure(#"["\ud83d\u0041"]"#)?.kind == .loneSurrogate)
        #expect(failure(#"["\ude9a"]"#)?.kind == .loneSurrogate)
    }

    @Test func refusesInvalidUTF8() {
        let cases: [[UInt8]] = [
            [0x22, 0xFF, 0x22],                    // never valid
            [0x22, 0xC0, 0xAF, 0x22],              // overlong '/'
            [0x22, 0xE0, 0x80, 0xAF, 0x22],        // overlong 3-byte
            [0x22, 0xED, 0xA0, 0x80, 0x22],        // encoded surrogate U+D800
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // past U+10FFFF
            [0x22, 0xE1, 0x80, 0x22],              // truncated
            [0x22, 0x80, 0x22],                    // lone continuation byte
        ]
        for bytes in cases {
            #expect(failure(bytes: bytes)?.kind == .invalidUTF8, "\(bytes)")
        }
        #expect(failure(bytes: [0x22, 0xF0, 0x9F, 0x9A, 0x9A, 0x22]) == nil)
    }

    @Test func refusesAByteOrderMark() {
        #expect(failure(bytes: [0xEF, 0xBB, 0xBF] + Array("{}".utf8))?.kind == .byteOrderMark)
    }

    @Test func refusesTrailingContentAndEmptyDocuments() {
        #expect(failure("{} {}")?.message.hasPrefix("expected the end of the document") == true)
        #expect(failure("")?.kind == .unexpectedEnd)
        #expect(failure("   ")?.kind == .unexpectedEnd)
        #expect(failure(#"{"a": 1"#)?.kind == .unexpectedEnd)
        #expect(failure(#"["abc"#)?.kind == .unexpectedEnd)
    }

    @Test func enforcesDepthAndSizeLimits() {
        let limits = JSONLimits(maxBytes: 100, maxDepth: 3, maxStringBytes: 10, maxNumberLength: 5)
        #expect(failure("[[[1]]]", limits: limits) == nil)
        #expect(failure("[[[[1]]]]", limits: limits)?.kind == .tooDeep)
        #expect(failure(String(repeating: " ", count: 101) + "1", limits: limits)?.kind == .tooLarge)
        #expect(failure(#"["12345678901"]"#, limits: limits)?.kind == .tooLarge)
        #expect(failure(#"["1234567\n901"]"#, limits: limits)?.kind == .tooLarge)
        #expect(failure("123456", limits: limits)?.kind == .invalidNumber)
    }

    @Test func deepNestingFailsCleanlyAtTheDefaultLimit() {
        #expect(failure(String(repeating: "[", count: 100_000))?.kind == .tooDeep)
    }

    @Test func keepsStringsThatAreNotNFCAsTheyCame() throws {
        // The parser is general (RFC 8785 signs exact strings); normalisation is the intake's job.
        // (Swift's == on String compares canonically, so count the scalars.)
        guard case .string(let s) = try parse("\"Nguye\u{302}\u{303}n\"") else { return }
        #expect(s.unicodeScalars.count == 8)
    }
}
