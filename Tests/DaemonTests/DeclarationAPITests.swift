import Foundation
import Testing
import TestSupport

/// The carriers' API through the real daemon and PostgreSQL.
@Suite struct DeclarationAPITests {
    @Test func aSubmittedDeclarationIsAnswered201WithItsLocationAndCanBeReadBack() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let created = try bed.post(body: DeclarationBody.valid())
        #expect(created.status == 201)
        let id = try #require(created.id)
        #expect(created.header("Location") == "/v1/declarations/\(id)")
        // The test ruleset sends durian to the yellow lane: documents to be checked.
        #expect(created.object["status"] as? String == "awaiting_documents")
        #expect(created.object["lane"] as? String == "yellow")
        #expect(created.object["version"] as? Int == 1)
        #expect(created.object["createdAt"] is String)
        #expect((created.object["driver"] as? [String: Any])?["fullName"] as? String == "Nguyễn Văn An")
        let read = try bed.get("/v1/declarations/\(id)")
        #expect(read.status == 200)
        #expect(read.id == id)
        #expect(read.object["createdAt"] as? String == created.object["createdAt"] as? String)
        // Read back from jsonb, the document is the one the POST answered, member order included.
        #expect(read.body == created.body)
        #expect(try bed.count("SELECT count(*) AS n FROM declaration_goods") == 1)
        #expect(try bed.get("/v1/declarations/\(UUID().uuidString)").status == 404)
        #expect(try bed.get("/v1/declarations/not-a-uuid").status == 404)
    }

    @Test func aRepeatWithTheSameKeyAndBodyGetsTheOriginalAnswerAndAnotherBodyGets409() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let first = try bed.post(body: DeclarationBody.valid(), idempotencyKey: "crossing-2026-0001")
        #expect(first.status == 201)
        let again = try bed.post(body: DeclarationBody.valid(), idempotencyKey: "crossing-2026-0001")
        #expect(again.status == 201)
        #expect(again.body == first.body)
        #expect(again.header("Location") == first.header("Location"))
        #expect(again.header("Idempotent-Replayed") == "true")
        let different = try bed.post(body: DeclarationBody.valid(variant: 1), idempotencyKey: "crossing-2026-0001")
        #expect(different.status == 409)
        #expect(different.object["code"] as? String == "idempotency_key_reused")
        #expect(try bed.count("SELECT count(*) AS n FROM declarations") == 1)
        // The key is the carrier's own: another carrier may use the same one.
        let other = try CarrierTestBed.addCarrier("Other carrier", databaseURL: bed.db.url)
        #expect(try bed.post(body: DeclarationBody.valid(), key: other, idempotencyKey: "crossing-2026-0001").status == 201)
        #expect(try bed.count("SELECT count(*) AS n FROM declarations") == 2)
        #expect(try bed.post(body: DeclarationBody.valid(), idempotencyKey: String(repeating: "k", count: 256)).status == 400)
    }

    @Test func twentyConcurrentRequestsWithOneKeyCreateExactlyOneDeclaration() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let body = DeclarationBody.valid()
        let responses = onThreads(20) { _ in try? bed.post(body: body, idempotencyKey: "one-truck-one-key") }
        #expect(responses.allSatisfy { $0?.status == 201 })
        #expect(Set(responses.compactMap { $0?.id }).count == 1)
        #expect(try bed.count("SELECT count(*) AS n FROM declarations") == 1)
        #expect(try bed.count("SELECT count(*) AS n FROM idempotency_keys") == 1)
    }

    @Test func aCarrierCannotSeeOrChangeAnotherCarriersDeclarations() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let id = try #require(try bed.post(body: DeclarationBody.valid()).id)
        let other = try CarrierTestBed.addCarrier("Nosy carrier", databaseURL: bed.db.url)
        #expect(try bed.get("/v1/declarations/\(id)", key: other).status == 404)
        #expect(try bed.get("/v1/declarations/\(id)/versions/1", key: other).status == 404)
        #expect(try bed.post("/v1/declarations/\(id)/amendments", body: DeclarationBody.valid(variant: 2), key: other).status == 404)
        #expect(try bed.post("/v1/declarations/\(id)/cancel", body: [], key: other).status == 404)
        let list = try bed.get("/v1/declarations", key: other)
        #expect(list.status == 200)
        #expect((list.object["items"] as? [Any])?.isEmpty == true)
        #expect(try bed.get("/v1/declarations/\(id)").object["status"] as? String == "awaiting_documents")
    }

    @Test func requestsWithoutAValidKeyGet401WithABearerChallenge() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let none = try httpRequest(port: bed.port, path: "/v1/declarations")
        #expect(none.status == 401)
        #expect(none.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(none.header("Content-Type") == "application/problem+json")
        let malformed = try bed.get("/v1/declarations", key: "hunter2")
        #expect(malformed.status == 401)
        #expect(malformed.header("WWW-Authenticate")?.contains("invalid_token") == true)
        // The right key id with a wrong secret.
        let wrongSecret = String(bed.key.dropLast(4)) + "0000"
        #expect(try bed.get("/v1/declarations", key: wrongSecret).status == 401)
        #expect(try bed.get("/v1/declarations").status == 200)
        let name = try CarrierTestBed.smartgate(["carrier", "list"], databaseURL: bed.db.url).stdout
            .split(separator: "\n").first.map { String($0.split(separator: "\t")[0]) } ?? ""
        let revoked = try CarrierTestBed.smartgate(["carrier", "revoke", name], databaseURL: bed.db.url)
        #expect(revoked.status == 0)
        // At once for a declaration, even while the daemon still has the key in memory: its commit
        // checks the key again.
        let afterRevoke = try bed.post(body: DeclarationBody.valid())
        #expect(afterRevoke.status == 401)
        #expect(afterRevoke.text.contains("revoked"))
        // Reads stop as soon as the revocation's NOTIFY reaches the daemon's key cache.
        #expect(try eventually { try bed.get("/v1/declarations").status == 401 })
        #expect(try CarrierTestBed.smartgate(["carrier", "revoke", name], databaseURL: bed.db.url).status != 0)
        #expect(try bed.count("SELECT count(*) AS n FROM declarations") == 0)
    }

    /// The daemon keeps trader profiles in memory; a change made elsewhere (another daemon, an
    /// operator's SQL) reaches its next declarations through the traders table's NOTIFY.
    @Test func aTraderRecordChangedOutsideTheDaemonReachesItsNextDeclarations() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let mango = "08045020"
        #expect(try bed.post(body: DeclarationBody.valid(hsCode: mango)).object["lane"] as? String == "green")
        let connection = try bed.db.connect()
        defer { connection.close() }
        // Compliance level 4: the test ruleset's poor-compliance rule (score 30) makes it yellow.
        try connection.query("INSERT INTO traders (tax_code, compliance_level) VALUES ('4900567896', 4)")
        var variant = 0
        #expect(try eventually {
            variant += 1
            return try bed.post(body: DeclarationBody.valid(variant: variant, hsCode: mango)).object["lane"] as? String == "yellow"
        })
    }

    @Test func badBodiesGetPreciseAnswers() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let wrongType = try bed.post(body: DeclarationBody.valid(), contentType: "text/plain")
        #expect(wrongType.status == 415)
        let malformed = try bed.post(body: Array("{\n  \"direction\": \"export\",\n  ]".utf8))
        #expect(malformed.status == 400)
        #expect(malformed.object["line"] as? Int == 3)
        #expect(malformed.object["column"] as? Int == 3)
        #expect((malformed.object["detail"] as? String)?.contains("line 3, column 3") == true)
        var invalid = DeclarationBody.valid()
        invalid = Array(String(decoding: invalid, as: UTF8.self).replacingOccurrences(of: "08109010", with: "77109010").utf8)
        let unprocessable = try bed.post(body: invalid)
        #expect(unprocessable.status == 422)
        #expect(unprocessable.header("Content-Type") == "application/problem+json")
        let errors = unprocessable.object["errors"] as? [[String: Any]] ?? []
        #expect(errors.contains { $0["pointer"] as? String == "/goods/0/hsCode" && $0["code"] as? String == "hs_code_invalid" })
        let tooLarge = try bed.post(body: Array(repeating: UInt8(ascii: " "), count: (1 << 20) + 1))
        #expect(tooLarge.status == 413)
        #expect(try bed.count("SELECT count(*) AS n FROM declarations") == 0)
    }

    @Test func amendmentsAddVersionsAndKeepTheEarlierOnesReadableUntilCancelled() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let id = try #require(try bed.post(body: DeclarationBody.valid()).id)
        let amended = try bed.post("/v1/declarations/\(id)/amendments", body: DeclarationBody.valid(crossing: "TAN_THANH"))
        #expect(amended.status == 201)
        #expect(amended.object["version"] as? Int == 2)
        #expect(amended.header("Location") == "/v1/declarations/\(id)/versions/2")
        #expect(try bed.get("/v1/declarations/\(id)").object["crossing"] as? String == "TAN_THANH")
        let first = try bed.get("/v1/declarations/\(id)/versions/1")
        #expect(first.status == 200)
        #expect(first.object["crossing"] as? String == "HUU_NGHI")
        #expect(try bed.get("/v1/declarations/\(id)/versions/2").object["crossing"] as? String == "TAN_THANH")
        #expect(try bed.get("/v1/declarations/\(id)/versions/3").status == 404)
        let invalidAmendment = try bed.post("/v1/declarations/\(id)/amendments", body: Array("{}".utf8))
        #expect(invalidAmendment.status == 422)
        let cancelled = try bed.post("/v1/declarations/\(id)/cancel", body: [])
        #expect(cancelled.status == 200)
        #expect(cancelled.object["status"] as? String == "cancelled")
        #expect(cancelled.object["cancelledAt"] is String)
        #expect(try bed.post("/v1/declarations/\(id)/cancel", body: []).status == 200)
        let late = try bed.post("/v1/declarations/\(id)/amendments", body: DeclarationBody.valid(variant: 3))
        #expect(late.status == 409)
        #expect(try bed.get("/v1/declarations/\(id)/versions/1").status == 200)
        #expect(try bed.count("SELECT count(*) AS n FROM declaration_versions") == 2)
    }

    @Test func listingPagesThroughEveryDeclarationOnceWhileOthersAreInserted() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        var before: Set<String> = []
        for variant in 0..<15 {
            before.insert(try #require(try bed.post(body: DeclarationBody.valid(variant: variant)).id))
        }
        let inserting = Thread {
            for variant in 100..<130 { _ = try? bed.post(body: DeclarationBody.valid(variant: variant)) }
        }
        inserting.start()
        var seen: [String] = []
        var path = "/v1/declarations?limit=2&status=awaiting_documents"
        var pages = 0
        while pages < 200 {
            let page = try bed.get(path)
            #expect(page.status == 200)
            seen += (page.object["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            pages += 1
            guard let next = page.object["nextCursor"] as? String else { break }
            path = "/v1/declarations?limit=2&status=awaiting_documents&after=\(next)"
        }
        #expect(seen.count == Set(seen).count, "no declaration appears twice")
        #expect(before.isSubset(of: Set(seen)), "every declaration that existed before the listing appears")
        while inserting.isExecuting || !inserting.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        #expect(try bed.get("/v1/declarations?status=cancelled").object["items"] as? [Any] != nil)
        #expect(try bed.get("/v1/declarations?limit=0").status == 400)
        #expect(try bed.get("/v1/declarations?after=bogus").status == 400)
        #expect(try bed.get("/v1/declarations?colour=red").status == 400)
        #expect(try bed.get("/v1/declarations?from=2020-01-01&to=2020-01-02").object["items"] as? [Any] != nil)
        #expect((try bed.get("/v1/declarations?from=2020-01-01&to=2020-01-02").object["items"] as? [Any])?.isEmpty == true)
    }

    @Test func concurrentSubmissionsShareCommits() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let statuses = onThreads(32) { thread in
            (0..<4).map { (try? bed.post(body: DeclarationBody.valid(variant: thread * 10 + $0)))?.status ?? 0 }
        }
        #expect(statuses.joined().allSatisfy { $0 == 201 })
        let metrics = try httpRequest(port: bed.port, path: "/metrics").text
        func gauge(_ name: String) -> Int? {
            metrics.split(separator: "\n").first { $0.hasPrefix(name + " ") }
                .flatMap { Double($0.split(separator: " ")[1]) }.map { Int($0) }
        }
        let commits = try #require(gauge("smartgate_declaration_commits"))
        let rows = try #require(gauge("smartgate_declarations_committed"))
        #expect(rows == 128)
        #expect(commits < rows, "declarations share transactions")
        #expect(try bed.count("SELECT count(*) AS n FROM declarations") == 128)
    }
}

/// Polls `condition` every 20 ms for up to 5 s: for effects that arrive by notification.
func eventually(_ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(5)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return try condition()
}
