import Customs
import Exchange
import Foundation
import HTTPClient
import Signatures
import Testing
import TestSupport
import TLS

/// The partner exchange end to end: the real gateway process with its mutual-TLS partner listener
/// and outbox on the real PostgreSQL; the test process plays the Nanning node.
@Suite(.serialized) struct ExchangeTests {
    @Test func aSignedDeclarationFromNanningIsStoredGivenALaneAndAnsweredWithASignedReceipt() throws {
        let bed = try ExchangeTestBed()
        defer { bed.close() }
        let connection = try bed.connect()
        defer { connection.close() }
        let message = try ExchangeTestBed.declarationMessage(reference: "CN-NN-2026-000001")
        let (status, receipt) = try bed.post(message, on: connection)
        #expect(status == 201)
        #expect(receipt.type == .receipt)
        #expect(ExchangeMessages.confirms(receipt, delivered: message))
        let payload = ExchangeTestBed.payload(receipt)
        #expect(payload["reference"] as? String == "CN-NN-2026-000001")
        #expect(payload["lane"] as? String == "green")
        let id = try #require(payload["declarationId"] as? String)
        #expect(try bed.count("SELECT count(*) AS n FROM declarations WHERE id = '\(id)' AND direction = 'import' AND lane IS NOT NULL") == 1)
        #expect(try bed.count("SELECT count(*) AS n FROM declarations d JOIN partners p ON p.carrier_id = d.carrier_id WHERE p.id = 'nanning'") == 1)
        // The receipt is kept with the declaration (non-repudiation), byte for byte.
        #expect(try bed.count("SELECT count(*) AS n FROM idempotency_keys WHERE key = 'exchange:\(message.messageID.uuidString.lowercased())'") == 1)
        // Several messages on the same keep-alive connection.
        for index in 0..<5 {
            #expect(try bed.post(try ExchangeTestBed.declarationMessage(document: ExchangeTestBed.chineseDeclaration(quantity: 1000 + index)), on: connection).status == 201)
        }
    }

    @Test func aTamperedPayloadABadSignatureAnUnknownKeyAndAStaleMessageAreRefusedWithSignedErrors() throws {
        let bed = try ExchangeTestBed()
        defer { bed.close() }
        let connection = try bed.connect()
        defer { connection.close() }
        let message = try ExchangeTestBed.declarationMessage()
        // Change the payload after signing.
        var text = String(decoding: message.serialized(), as: UTF8.self)
        text = text.replacingOccurrences(of: "120000", with: "1200")
        let tampered = try bed.post(Array(text.utf8), on: connection)
        #expect(tampered.status == 401)
        #expect(tampered.answer.type == .error)
        #expect(ExchangeTestBed.payload(tampered.answer)["code"] as? String == "bad_signature")
        let stranger = try SigningKey.generate()
        let unknown = try bed.post(try ExchangeTestBed.declarationMessage(key: stranger), on: connection)
        #expect(ExchangeTestBed.payload(unknown.answer)["code"] as? String == "unknown_key")
        let old = UTCTimestamp(millisecondsSince1970: UTCTimestamp(Date()).millisecondsSince1970 - 10 * 60 * 1000)
        let stale = try bed.post(try ExchangeTestBed.declarationMessage(at: old), on: connection)
        #expect(stale.status == 400)
        #expect(ExchangeTestBed.payload(stale.answer)["code"] as? String == "stale_message")
        let invalid = try bed.post(try ExchangeTestBed.declarationMessage(document: ["direction": "import"]), on: connection)
        #expect(invalid.status == 422)
        #expect(ExchangeTestBed.payload(invalid.answer)["code"] as? String == "invalid_payload")
        #expect(!(ExchangeTestBed.payload(invalid.answer)["problems"] as? [Any] ?? []).isEmpty)
        #expect(try bed.count("SELECT count(*) AS n FROM declarations") == 0)
    }

    @Test func aReplayedMessageIdIsRefusedAlsoAfterAGatewayRestartAndNothingIsStoredTwice() throws {
        let bed = try ExchangeTestBed()
        defer { bed.close() }
        let message = try ExchangeTestBed.declarationMessage()
        var connection = try bed.connect()
        #expect(try bed.post(message, on: connection).status == 201)
        let again = try bed.post(message, on: connection)
        #expect(again.status == 409)
        #expect(ExchangeTestBed.payload(again.answer)["code"] as? String == "replayed")
        #expect(ExchangeMessages.confirms(again.answer, delivered: message), "the replay error carries the original receipt")
        connection.close()
        try bed.restart()
        connection = try bed.connect()
        defer { connection.close() }
        // Same id, freshly signed, after the restart: still a replay.
        let resigned = try ExchangeTestBed.declarationMessage(messageID: message.messageID)
        let afterRestart = try bed.post(resigned, on: connection)
        #expect(afterRestart.status == 409)
        #expect(ExchangeTestBed.payload(afterRestart.answer)["code"] as? String == "replayed")
        #expect(try bed.count("SELECT count(*) AS n FROM declarations") == 1)
    }

    @Test func anUnregisteredClientCertificateIsRefused() throws {
        let bed = try ExchangeTestBed()
        defer { bed.close() }
        let connection = try bed.connect(as: "stranger-client")
        defer { connection.close() }
        let response = try connection.send(HTTPClientRequest(method: "GET", path: "/partner/v1/manifests"))
        #expect(response.status == 403)
        #expect(String(decoding: response.body, as: UTF8.self).contains("unknown_partner"))
        // Without any client certificate the TLS 1.3 handshake (or the first request) fails.
        let bare = try TLSContext(clientTrusting: ExchangeTestBed.file("ca.pem"), minimumVersion: .tls13)
        #expect(throws: (any Error).self) {
            let plain = try HTTPClientConnection(host: "127.0.0.1", port: bed.partnerPort(of: bed.gateway), tls: bare)
            _ = try plain.send(HTTPClientRequest(method: "GET", path: "/partner/v1/manifests"))
        }
    }

    @Test func keysRotateWithBothValidDuringTheOverlapAndTheRetiredKeyRefusedAfter() throws {
        let bed = try ExchangeTestBed()
        defer { bed.close() }
        let connection = try bed.connect()
        defer { connection.close() }
        // The gateway now holds the partner, with its one key, in memory.
        #expect(try bed.post(try ExchangeTestBed.declarationMessage(key: ExchangeTestBed.nanningKey), on: connection).status == 201)
        #expect(try bed.smartgate(["partner", "add-key", "nanning", "--signing-key", ExchangeTestBed.file("nanning-signing-2.pub.pem")]).status == 0)
        let second = try SigningKey(pemFile: ExchangeTestBed.file("nanning-signing-2.pem"))
        // The new key is accepted at once, and the old one still is.
        #expect(try bed.post(try ExchangeTestBed.declarationMessage(key: second), on: connection).status == 201)
        #expect(try bed.post(try ExchangeTestBed.declarationMessage(key: ExchangeTestBed.nanningKey), on: connection).status == 201)
        let oldID = ExchangeTestBed.nanningKey.publicKey.keyID
        #expect(try bed.smartgate(["partner", "retire-key", "nanning", oldID]).status == 0)
        let retired = try bed.post(try ExchangeTestBed.declarationMessage(key: ExchangeTestBed.nanningKey), on: connection)
        #expect(retired.status == 401)
        #expect(ExchangeTestBed.payload(retired.answer)["code"] as? String == "key_not_valid")
        #expect(try bed.post(try ExchangeTestBed.declarationMessage(key: second), on: connection).status == 201)
    }

    @Test func manifestsArePulledSignedInCommitOrderWithoutSkipsOrRepeatsWhileDeclarationsCommit() throws {
        let bed = try ExchangeTestBed()
        defer { bed.close() }
        let connection = try bed.connect()
        defer { connection.close() }
        // Submitters keep committing while the partner pulls small pages.
        let submitted = ResultBox()
        let writers = (0..<4).map { writer in
            Thread {
                for index in 0..<10 { if let id = try? bed.submitGreenExport(variant: writer * 100 + index) { submitted.add(id) } }
            }
        }
        writers.forEach { $0.start() }
        var seen: [String] = []
        var cursor = "0"
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let response = try connection.send(HTTPClientRequest(method: "GET", path: "/partner/v1/manifests?after=\(cursor)&limit=3"))
            #expect(response.status == 200)
            let batch = try Envelope.parse(response.body)
            try batch.verify(from: "huu-nghi", to: "nanning", keys: ExchangeTestBed.gatewayKeys, now: UTCTimestamp(Date()), window: .seconds(300))
            #expect(batch.type == .manifestBatch)
            let payload = ExchangeTestBed.payload(batch)
            let manifests = payload["manifests"] as? [[String: Any]] ?? []
            seen += manifests.compactMap { $0["declarationId"] as? String }
            // Personal data is limited: no birth date, no licence.
            if let driver = manifests.first?["driver"] as? [String: Any] {
                #expect(driver["birthDate"] == nil && driver["licence"] == nil)
                #expect(driver["fullName"] as? String == "Nguyễn Văn An")
            }
            cursor = payload["next"] as? String ?? cursor
            if submitted.count == 40 && seen.count >= 40 { break }
            if manifests.isEmpty { Thread.sleep(forTimeInterval: 0.02) }
        }
        #expect(submitted.count == 40)
        #expect(seen.count == 40, "every release once")
        #expect(Set(seen) == submitted.ids)
    }

    @Test func whileTheNanningNodeIsDownTheOutboxRetriesAndThenDeliversEveryMessageExactlyOnce() throws {
        let bed = try ExchangeTestBed()
        defer { bed.close() }
        var ids: [String] = []
        for index in 0..<6 { ids.append(try bed.submitGreenExport(variant: index)) }
        #expect(try bed.count("SELECT count(*) AS n FROM exchange_outbox") == 6)
        // Nobody listens yet: attempts fail and are retried (after the first refused connect of a
        // round, the partner's other messages wait for the next round without counting an attempt).
        #expect(eventually { try bed.count("SELECT count(*) AS n FROM exchange_outbox WHERE last_error IS NOT NULL AND status = 'pending'") == 6 })
        #expect(eventually { try bed.count("SELECT max(attempts) AS n FROM exchange_outbox") >= 2 })
        let nanning = try FakeNanning(port: bed.peerPort)
        defer { nanning.stop() }
        #expect(eventually { try bed.count("SELECT count(*) AS n FROM exchange_outbox WHERE status = 'delivered'") == 6 })
        #expect(nanning.attempts.count == 6, "each message sent once once the node is up: \(nanning.attempts)")
        // Pushes carry the partner's view only: no birth date, licence or health declaration.
        for payload in nanning.payloads {
            guard case .object(let object) = payload, case .object(let declaration)? = object["declaration"],
                  case .object(let driver)? = declaration["driver"] else { Issue.record("unexpected push payload \(payload)"); continue }
            #expect(driver["birthDate"] == nil && driver["licence"] == nil)
            #expect(declaration["quarantine"] == nil)
            #expect(driver["fullName"] == .string("Nguyễn Văn An"))
        }
        #expect(Set(nanning.attempts).count == 6)
        // The partner's signed receipt is stored with each delivered message.
        #expect(try bed.count("SELECT count(*) AS n FROM exchange_outbox WHERE receipt LIKE '%\"type\":\"receipt\"%'") == 6)
        let listed = try bed.smartgate(["outbox", "list", "--status", "delivered"])
        #expect(listed.stdout.split(separator: "\n").count == 6)
    }

    @Test func aReleaseCalledBackByAnOverrideWithdrawsItsUndeliveredPush() throws {
        let bed = try ExchangeTestBed()
        defer { bed.close() }
        let id = try bed.submitGreenExport(variant: 1)
        #expect(try bed.count("SELECT count(*) AS n FROM exchange_outbox WHERE status = 'pending'") == 1)
        let token = try bed.smartgate(["officer", "add", "Supervisor", "--role", "supervisor"]).stdout.split(separator: "\n").last.map(String.init) ?? ""
        let response = try httpRequest(port: bed.gateway.port, method: "POST", path: "/v1/declarations/\(id)/override",
                                       headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")],
                                       body: Array(#"{"lane": "red", "reasonCode": "intelligence", "reason": "Truck called back to the X-ray bay"}"#.utf8))
        #expect(response.status == 200)
        #expect(try bed.count("SELECT count(*) AS n FROM exchange_outbox WHERE status = 'withdrawn'") == 1)
        #expect(try bed.count("SELECT count(*) AS n FROM exchange_outbox WHERE status = 'pending'") == 0)
    }

    @Test func twoGatewaysOnOneDatabaseDeliverEachMessageOnce() throws {
        let nanningPort = freeLocalPort()
        let nanning = try FakeNanning(port: nanningPort)
        defer { nanning.stop() }
        let bed = try ExchangeTestBed(peerPort: nanningPort)
        defer { bed.close() }
        try bed.startAnotherGateway()
        for index in 0..<30 { _ = try bed.submitGreenExport(variant: index) }
        #expect(eventually(30) { try bed.count("SELECT count(*) AS n FROM exchange_outbox WHERE status = 'delivered'") == 30 })
        #expect(nanning.attempts.count == 30, "no message sent twice: \(nanning.attempts.count) attempts")
        #expect(Set(nanning.attempts).count == 30)
    }

    @Test func aParkedMessageWaitsForTheOperatorAndIsDeliveredAfterOutboxRetry() throws {
        let bed = try ExchangeTestBed(environment: ["SMARTGATE_OUTBOX_MAX_ATTEMPTS": "2"])
        defer { bed.close() }
        _ = try bed.submitGreenExport(variant: 1)
        #expect(eventually { try bed.count("SELECT count(*) AS n FROM exchange_outbox WHERE status = 'parked'") == 1 })
        let parked = try bed.smartgate(["outbox", "list", "--status", "parked"])
        #expect(parked.stdout.contains("\"status\":\"parked\""))
        let nanning = try FakeNanning(port: bed.peerPort)
        defer { nanning.stop() }
        Thread.sleep(forTimeInterval: 0.5)
        #expect(nanning.attempts.isEmpty, "parked means parked")
        #expect(try bed.smartgate(["outbox", "retry", "--all"]).status == 0)
        #expect(eventually { try bed.count("SELECT count(*) AS n FROM exchange_outbox WHERE status = 'delivered'") == 1 })
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String] = []
    func add(_ id: String) { lock.withLock { values.append(id) } }
    var count: Int { lock.withLock { values.count } }
    var ids: Set<String> { lock.withLock { Set(values) } }
}

/// Docs/exchange-protocol.md, "Checking a signature with openssl": the same commands, on a real
/// message from the gateway.
@Suite struct OpenSSLCommandLineTests {
    @Test func aGatewayMessageSignatureChecksWithTheOpenSSLCommandLineAlone() throws {
        let bed = try ExchangeTestBed()
        defer { bed.close() }
        _ = try bed.submitGreenExport(variant: 7)
        let connection = try bed.connect()
        defer { connection.close() }
        let response = try connection.send(HTTPClientRequest(method: "GET", path: "/partner/v1/manifests?after=0"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sg-openssl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(response.body).write(to: directory.appendingPathComponent("message.json"))
        let script = """
            set -e
            sed -E 's/,"signature":"[^"]*"//' message.json > signed.bin
            grep -o '"signature":"[^"]*"' message.json | cut -d'"' -f4 | base64 -d > signature.bin
            openssl pkeyutl -verify -pubin -inkey "$KEY" -rawin -in signed.bin -sigfile signature.bin
            """
        let good = try runProcess("/bin/sh", ["-c", script], environment: ["KEY": ExchangeTestBed.file("gateway-signing.pub.pem"), "PATH": "/usr/bin:/bin"],
                                  currentDirectory: directory)
        #expect(good.status == 0, "\(good.stdout) \(good.stderr)")
        #expect(good.stdout.contains("Signature Verified Successfully"))
        // The same commands on a message whose payload was changed fail.
        let text = String(decoding: response.body, as: UTF8.self).replacingOccurrences(of: "Xoài", with: "Xoai")
        try Data(text.utf8).write(to: directory.appendingPathComponent("message.json"))
        let bad = try runProcess("/bin/sh", ["-c", script], environment: ["KEY": ExchangeTestBed.file("gateway-signing.pub.pem"), "PATH": "/usr/bin:/bin"],
                                 currentDirectory: directory)
        #expect(bad.status != 0)
    }
}

/// The gateway and the simulated Nanning node as two real processes (plus this one driving them).
@Suite(.serialized) struct NanningPeerProcessTests {
    static func peerBinary() throws -> String {
        for configuration in ["debug", "release"] {
            let path = Repository.root.appendingPathComponent(".build/\(configuration)/nanning-peer").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw BedError(message: "build nanning-peer first (`swift build`); make test does")
    }

    static func gatewayOptions(_ bed: ExchangeTestBed) -> [String] {
        ["--gateway-url", "https://127.0.0.1:\(bed.partnerPort(of: bed.gateway))",
         "--client-cert", ExchangeTestBed.file("nanning-client.pem"), "--client-key", ExchangeTestBed.file("nanning-client.key"),
         "--server-ca", ExchangeTestBed.file("ca.pem"), "--signing-key", ExchangeTestBed.file("nanning-signing.pem"),
         "--gateway-signing-key", ExchangeTestBed.file("gateway-signing.pub.pem")]
    }

    static func summary(_ result: ProcessResult) -> [String: Any] {
        let line = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
    }

    @Test func thePeerPushesRealisticDeclarationsAndItsFaultsAreRefused() throws {
        let bed = try ExchangeTestBed()
        defer { bed.close() }
        let peer = try Self.peerBinary()
        let clean = try runProcess(peer, ["push", "--count", "20", "--connections", "4"] + Self.gatewayOptions(bed))
        #expect(clean.status == 0, "\(clean.stdout) \(clean.stderr)")
        #expect(Self.summary(clean)["stored"] as? Int == 20)
        #expect(try bed.count("SELECT count(*) AS n FROM declarations WHERE direction = 'import'") == 20)
        let duplicates = try runProcess(peer, ["push", "--count", "3", "--duplicate"] + Self.gatewayOptions(bed))
        #expect(duplicates.status == 0, "\(duplicates.stdout) \(duplicates.stderr)")
        #expect(try bed.count("SELECT count(*) AS n FROM declarations") == 23, "duplicates are not stored twice")
        let tampered = try runProcess(peer, ["push", "--count", "2", "--tamper-payload"] + Self.gatewayOptions(bed))
        #expect(tampered.stdout.contains("bad_signature"))
        #expect(try bed.count("SELECT count(*) AS n FROM declarations") == 23)
        // push checks the answers after its clock stops, still every one: answers checked against
        // a key the gateway does not sign with fail the push, although the gateway stored them.
        let wrongKey = Self.gatewayOptions(bed).dropLast() + [ExchangeTestBed.file("nanning-signing.pub.pem")]
        let unverified = try runProcess(peer, ["push", "--count", "2"] + wrongKey)
        #expect(unverified.status != 0)
        #expect(unverified.stderr.contains("did not verify as signed by the gateway"), "\(unverified.stderr)")
        #expect(Self.summary(unverified)["stored"] as? Int == 0)
        #expect((Self.summary(unverified)["refused"] as? [String: Any])?["unverified_answer"] as? Int == 2)
        #expect(try bed.count("SELECT count(*) AS n FROM declarations") == 25)
        let pulled = try runProcess(peer, ["pull", "--all"] + Self.gatewayOptions(bed))
        #expect(pulled.status == 0, "\(pulled.stdout) \(pulled.stderr)")
    }

    @Test func theOutboxDeliversToThePeerProcessWhichStoresEachMessageOnce() throws {
        let peerPort = freeLocalPort()
        let bed = try ExchangeTestBed(peerPort: peerPort)
        defer { bed.close() }
        for index in 0..<4 { _ = try bed.submitGreenExport(variant: index) }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("sg-peer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let peer = try Subprocess(try Self.peerBinary(), [
            "serve", "--data", data.path, "--port", String(peerPort),
            "--tls-cert", ExchangeTestBed.file("nanning-server.pem"), "--tls-key", ExchangeTestBed.file("nanning-server.key"),
            "--client-ca", ExchangeTestBed.file("ca.pem"), "--gateway-cert", ExchangeTestBed.file("gateway-client.pem"),
            "--signing-key", ExchangeTestBed.file("nanning-signing.pem"), "--gateway-signing-key", ExchangeTestBed.file("gateway-signing.pub.pem"),
            "--drop-rate", "0.5",
        ])
        defer { peer.signal(SIGTERM); _ = peer.wait() }
        #expect(eventually(30) { try bed.count("SELECT count(*) AS n FROM exchange_outbox WHERE status = 'delivered'") == 4 })
        let received = (try? String(contentsOf: data.appendingPathComponent("received.jsonl"), encoding: .utf8)) ?? ""
        #expect(received.split(separator: "\n").count == 4, "half the answers were dropped, yet each message is stored once")
    }
}
