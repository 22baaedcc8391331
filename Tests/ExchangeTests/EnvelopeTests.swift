import Customs
import Exchange
import Foundation
import Signatures
import Testing

/// The envelope alone, no I/O: signing, compression, strict parsing, key windows.
@Suite struct EnvelopeTests {
    static let key = try! SigningKey.generate()
    static let keys = [PartnerKey(key: key.publicKey, validFrom: UTCTimestamp(millisecondsSince1970: 0), validUntil: nil, retiredAt: nil)]
    static let now = UTCTimestamp(rfc3339: "2026-12-01T10:00:00Z")!

    @Test func aLargePayloadTravelsGzippedAndStillVerifiesBeforeInflating() throws {
        let lines = JSONValue.array((0..<400).map { ["hsCode": "8542310000", "description": .string("集成电路 line \($0)"), "quantity": .number(JSONNumber($0 + 1))] })
        let payload: JSONValue = ["manifests": lines]
        let envelope = try Envelope.seal(type: .manifestBatch, payload: payload, from: "huu-nghi", to: "nanning", key: Self.key, at: Self.now)
        guard case .gzip = envelope.payload else { Issue.record("expected a gzip payload"); return }
        let wire = envelope.serialized()
        #expect(wire.count < payload.canonicalSerialized().count / 2)
        let received = try Envelope.parse(wire)
        try received.verify(from: "huu-nghi", to: "nanning", keys: Self.keys, now: Self.now, window: .seconds(300))
        #expect(try received.payloadValue().canonicalSerialized() == payload.canonicalSerialized())
        // A small payload stays plain JSON.
        let small = try Envelope.seal(type: .receipt, payload: ["status": "stored"], from: "huu-nghi", to: "nanning", key: Self.key, at: Self.now)
        #expect(small.payload == .json(["status": "stored"]))
    }

    @Test func anyChangeToTheSignedMembersBreaksTheSignature() throws {
        let envelope = try Envelope.seal(type: .declaration, payload: ["reference": "CN-1"], from: "nanning", to: "huu-nghi", key: Self.key, at: Self.now)
        let text = String(decoding: envelope.serialized(), as: UTF8.self)
        for (from, to) in [("CN-1", "CN-2"), ("\"declaration\"", "\"receipt\""), ("10:00:00.000Z", "10:00:01.000Z")] {
            let changed = try Envelope.parse(Array(text.replacingOccurrences(of: from, with: to).utf8))
            #expect(throws: ExchangeRefusal.badSignature) {
                try changed.verify(from: "nanning", to: "huu-nghi", keys: Self.keys, now: Self.now, window: .seconds(300))
            }
        }
        // Re-serialising with other whitespace and member order does not: the signature covers the canonical form.
        let pretty = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(text.utf8)), options: [.prettyPrinted])
        try Envelope.parse([UInt8](pretty)).verify(from: "nanning", to: "huu-nghi", keys: Self.keys, now: Self.now, window: .seconds(300))
    }

    /// `serialized()` splices the signature into the signed bytes; it must give what serialising
    /// the whole envelope canonically gives, for every type and both payload encodings, sealed or parsed.
    @Test func theWireFormIsTheCanonicalFormOfTheWholeEnvelope() throws {
        let large: JSONValue = ["lines": .array((0..<800).map { ["n": .number(JSONNumber($0)), "text": .string("Sầu riêng \"tươi\" \($0)")] })]
        for type in MessageType.allCases {
            for payload in [["status": "stored", "note": "quote \" and \\ and \u{1}"], large] as [JSONValue] {
                let sealed = try Envelope.seal(type: type, payload: payload, from: "huu-nghi", to: "nanning", key: Self.key, at: Self.now)
                #expect(sealed.serialized() == sealed.jsonValue().canonicalSerialized())
                let parsed = try Envelope.parse(sealed.serialized())
                #expect(parsed.serialized() == sealed.serialized())
                guard case .object(var unsigned) = parsed.jsonValue() else { Issue.record("not an object"); return }
                unsigned["signature"] = nil
                #expect(parsed.signedBytes() == JSONValue.object(unsigned).canonicalSerialized())
                // The bytes a parsed envelope keeps are those its sender signed.
                #expect(parsed.signedBytes() == sealed.signedBytes())
                #expect(Self.key.publicKey.isValidSignature(parsed.signature, for: parsed.signedBytes()))
            }
        }
    }

    /// Message ids are random version-4 UUIDs, written as the parser requires (lower case).
    @Test func newMessageIdsAreDistinctVersion4UUIDs() throws {
        var seen = Set<UUID>()
        for _ in 0..<10_000 {
            let id = Envelope.newMessageID()
            #expect(id.uuid.6 >> 4 == 4, "version 4")
            #expect(id.uuid.8 >> 6 == 0b10, "RFC 9562 variant")
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
        let sealed = try Envelope.seal(type: .receipt, payload: ["status": "stored"], from: "smartgate-huu-nghi", to: "nanning",
                                       key: Self.key, at: Self.now)
        #expect(try Envelope.parse(sealed.serialized()).messageID == sealed.messageID)
    }

    @Test func theParserIsStrict() {
        #expect(throws: ExchangeRefusal.self) { try Envelope.parse(Array(#"{"messageId": "x"}"#.utf8)) }
        #expect(throws: ExchangeRefusal.self) { try Envelope.parse(Array("not json".utf8)) }
        let envelope = try! Envelope.seal(type: .receipt, payload: ["n": 1], from: "a", to: "b", key: Self.key, at: Self.now)
        var object = (try! JSONSerialization.jsonObject(with: Data(envelope.serialized()))) as! [String: Any]
        object["extra"] = 1
        #expect(throws: ExchangeRefusal.self) { try Envelope.parse([UInt8](try! JSONSerialization.data(withJSONObject: object))) }
        let text = String(decoding: envelope.serialized(), as: UTF8.self)
        let huge = text.replacingOccurrences(of: "\"n\":1", with: "\"n\":1e400")
        #expect(throws: ExchangeRefusal.self) { try Envelope.parse(Array(huge.utf8)) }
        // Another spelling of the id or the time would be signed differently: refused by name.
        let upper = text.replacingOccurrences(of: envelope.messageID.uuidString.lowercased(), with: envelope.messageID.uuidString)
        #expect(throws: ExchangeRefusal.malformed("messageId must be a UUID in lower case (8-4-4-4-12 hex digits), found \(envelope.messageID.uuidString)")) {
            try Envelope.parse(Array(upper.utf8))
        }
        let offset = text.replacingOccurrences(of: "2026-12-01T10:00:00.000Z", with: "2026-12-01T17:00:00+07:00")
        #expect(throws: ExchangeRefusal.self) { try Envelope.parse(Array(offset.utf8)) }
    }

    @Test func keyWindowsAreCheckedAtCreationAndOnReceipt() {
        let from = UTCTimestamp(rfc3339: "2026-12-01T00:00:00Z")!, until = UTCTimestamp(rfc3339: "2026-12-02T00:00:00Z")!
        let key = PartnerKey(key: Self.key.publicKey, validFrom: from, validUntil: until, retiredAt: nil)
        #expect(key.problem(createdAt: Self.now, now: Self.now) == nil)
        #expect(key.problem(createdAt: UTCTimestamp(rfc3339: "2026-11-30T23:59:59Z")!, now: Self.now) != nil)
        #expect(key.problem(createdAt: Self.now, now: until) != nil, "a message arriving after the key expired is refused")
        let retired = PartnerKey(key: Self.key.publicKey, validFrom: from, validUntil: nil, retiredAt: UTCTimestamp(rfc3339: "2026-12-01T09:00:00Z")!)
        #expect(retired.problem(createdAt: Self.now, now: Self.now)?.contains("retired") == true)
    }
}

extension EnvelopeTests {
    @Test func aManifestBatchOfAThousandDeclarationsParsesAfterGzip() throws {
        // Distinct ids in every manifest, as in a real feed, so the gzip stays large.
        let manifests = (0..<1000).map { _ -> JSONValue in
            ["declarationId": .string(UUID().uuidString), "reference": .string(UUID().uuidString + UUID().uuidString),
             "seal": .string(UUID().uuidString + UUID().uuidString), "goods": [["hsCode": "08109010", "description": "Sầu riêng tươi", "netKg": 18000]]]
        }
        let payload: JSONValue = ["manifests": .array(manifests)]
        let envelope = try Envelope.seal(type: .manifestBatch, payload: payload, from: "huu-nghi", to: "nanning", key: Self.key, at: Self.now)
        guard case .gzip(let text) = envelope.payload else { Issue.record("expected gzip"); return }
        #expect(text.utf8.count > 64 * 1024, "the base64 string is longer than JSON's default string limit")
        let received = try Envelope.parse(envelope.serialized())
        try received.verify(from: "huu-nghi", to: "nanning", keys: Self.keys, now: Self.now, window: .seconds(300))
        #expect(try received.payloadValue().canonicalSerialized() == payload.canonicalSerialized())
    }
}
