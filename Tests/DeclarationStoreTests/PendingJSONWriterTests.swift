import Customs
@testable import DeclarationStore
import Foundation
import Testing

/// The group commit writes its batch row from the typed declaration (`PendingJSONWriter`); the bytes
/// must be those of the tree it replaces, `batchRow()` in jsonb's key order, for every shape a
/// declaration and a decision can take.
@Suite struct PendingJSONWriterTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 22)!

    static let manned = """
        {"direction": "export", "crossing": "HUU_NGHI", "plannedCrossingOn": "2026-11-23",
         "trader": {"taxCode": "4900567896", "name": "Công ty TNHH \\"Xuất nhập khẩu\\" Lạng Sơn", "country": "VN"},
         "vehicle": {"plate": "12C-123.45", "plateCountry": "VN", "trailerPlate": "12R-012.34", "kind": "tractor_trailer",
                     "containers": [{"number": "MSCU1234566", "seal": "VN123456"}, {"number": "CSQU3054383"}]},
         "driver": {"fullName": "Nguyễn Văn An", "nationality": "VN", "birthDate": "1985-04-12",
                    "document": {"type": "passport", "number": "C1234567", "expiresOn": "2031-05-01"},
                    "licence": {"number": "120123456789", "class": "FC", "expiresOn": "2029-01-01"}},
         "goods": [{"hsCode": "08109010", "description": "Sầu riêng tươi", "quantity": 18000, "unit": "KGM",
                    "grossKg": 19500, "netKg": 18000, "value": 54000, "currency": "USD", "origin": "VN"},
                   {"hsCode": "0810901000", "description": "Vải thiều", "quantity": 0.5, "unit": "KGM",
                    "grossKg": 800.25, "netKg": 0.5, "value": 1250000.75, "currency": "CNY", "origin": "CN"}],
         "quarantine": {"driverHealth": {"declaredOn": "2026-11-22", "fever": true, "symptoms": ["cough", "sore_throat"]},
                        "certificates": [{"kind": "phytosanitary", "number": "PC-2026-0001", "issuer": "Plant Protection Department",
                                          "country": "VN", "issuedOn": "2026-11-20", "expiresOn": "2026-12-20", "goodsLines": [0, 1]}]}}
        """

    static let unmanned = """
        {"direction": "import", "crossing": "TAN_THANH", "plannedCrossingOn": "2026-11-23",
         "trader": {"taxCode": "4900567896", "name": "Công ty TNHH Lạng Sơn", "country": "VN"},
         "vehicle": {"plate": "12C-123.45", "plateCountry": "VN", "kind": "unmanned_truck", "containers": []},
         "remoteOperator": {"name": "Trần Thị Bình", "organisation": "Lạng Sơn Smart Logistics JSC",
                            "licenceNumber": "RO-2026/0042", "phone": "+84912345678", "email": "binh@example.vn"},
         "goods": [{"hsCode": "85423100", "description": "Mạch tích hợp", "quantity": 120000, "unit": "H87",
                    "grossKg": 850.5, "netKg": 800.25, "value": 99, "currency": "USD", "origin": "VN"}],
         "quarantine": {"certificates": []}}
        """

    static let chineseDriver = """
        {"direction": "import", "crossing": "HUU_NGHI", "plannedCrossingOn": "2026-11-23",
         "trader": {"taxCode": "914403001922038216", "name": "华为技术有限公司", "country": "CN"},
         "vehicle": {"plate": "桂F12345", "plateCountry": "CN", "trailerPlate": "桂F1234挂", "kind": "tractor_trailer",
                     "containers": [{"number": "CSQU3054383"}]},
         "driver": {"fullName": "王伟", "nationality": "CN", "birthDate": "1949-12-31",
                    "document": {"type": "resident_id", "number": "11010519491231002X"},
                    "licence": {"number": "11010519491231002X", "class": "A2", "expiresOn": "2030-06-30"}},
         "goods": [{"hsCode": "8542310000", "description": "集成电路 integrated circuits", "quantity": 120000, "unit": "H87",
                    "grossKg": 850.5, "netKg": 800.25, "value": 1250000.5, "currency": "CNY", "origin": "CN"}],
         "quarantine": {"driverHealth": {"declaredOn": "2026-11-22", "fever": false, "symptoms": []}, "certificates": []}}
        """

    static func declaration(_ text: String) throws -> Declaration {
        switch DeclarationIntake.decode(Array(text.utf8), today: today) {
        case .success(let declaration): return declaration
        case .failure(let failure): throw failure
        }
    }

    static let decisions: [LaneDecision] = [
        LaneDecision(lane: .green, ruleLane: .green, score: 0, firedRules: [],
                     randomSelection: RandomSelection(draw: 0.5, toYellow: 0.02, toRed: 1e-05, escalatedTo: nil),
                     rulesetVersion: "test.1", seed: 0x1f, decidedAt: UTCTimestamp(millisecondsSince1970: 1_764_000_000_123), trader: .unknown),
        LaneDecision(lane: .red, ruleLane: .yellow, score: -5,
                     firedRules: [FiredRule(ruleID: "watch-plate", outcome: .lane(.red), reason: "On the \"watch\" list.", task: "Search the cab.", goodsLine: nil, detail: nil),
                                  FiredRule(ruleID: "fruit-undervalued", outcome: .score(45), reason: "Below half the reference.", task: "X-ray 10 % of cartons.",
                                            goodsLine: 1, detail: "declared 0.9 USD/kg; the reference is 2 USD/kg"),
                                  FiredRule(ruleID: "aeo", outcome: .score(-50), reason: "Authorised operator.", task: "None.", goodsLine: 0, detail: nil)],
                     randomSelection: RandomSelection(draw: 0.30632227879711205, toYellow: 0, toRed: 0.01, escalatedTo: .red),
                     rulesetVersion: "2026.12-pilot.1", seed: .max, decidedAt: UTCTimestamp(millisecondsSince1970: 1_764_000_000_000),
                     trader: TraderProfile(isAuthorisedOperator: true, complianceLevel: .init(rawValue: 5)!, findingsCount: 3)),
    ]

    @Test(arguments: [manned, unmanned, chineseDriver])
    func writesTheBytesOfTheTreeInJSONBOrder(_ text: String) throws {
        let declaration = try Self.declaration(text)
        let carrier = UUID()
        for decision in Self.decisions {
            var pendings = [
                PendingDeclaration(id: UUID(), carrierID: carrier, declaration: declaration, createdAt: .now(), decision: decision,
                                   idempotency: nil, apiKeyID: "abcdefghijkl"),
                PendingDeclaration(id: UUID(), carrierID: carrier, declaration: declaration, createdAt: .now(), decision: decision,
                                   idempotency: .init(key: "retry \"7\"", requestSHA256: Array(0..<32), responseBody: "{\"id\":\"x\"}\n"),
                                   partnerKeyID: "nanning-2026"),
            ]
            pendings.append(PendingDeclaration(id: UUID(), carrierID: carrier, declaration: declaration, createdAt: .now(), decision: decision,
                                               idempotency: nil))
            // Every lane, so green (released at once, with releasedAt) and the held lanes are all written.
            for lane in [Lane.green, .yellow, .red] {
                let laned = LaneDecision(lane: lane, ruleLane: lane, score: decision.score, firedRules: decision.firedRules,
                                         randomSelection: decision.randomSelection, rulesetVersion: decision.rulesetVersion,
                                         seed: decision.seed, decidedAt: decision.decidedAt, trader: decision.trader)
                pendings.append(PendingDeclaration(id: UUID(), carrierID: carrier, declaration: declaration, createdAt: .now(), decision: laned,
                                                   idempotency: nil, apiKeyID: "abcdefghijkl"))
            }
            for pending in pendings {
                #expect(pending.document == declaration.jsonValue())
                let tree = pending.batchRow().serialized(orderingKeysBy: JSONBKeyOrder.precedes)
                #expect(String(decoding: pending.batchRowBytes(), as: UTF8.self) == String(decoding: tree, as: UTF8.self))
                let answer = pending.record.jsonValue().serialized()
                #expect(String(decoding: pending.answerBytes(), as: UTF8.self) == String(decoding: answer, as: UTF8.self))
            }
        }
    }

    /// Without the typed declaration (a document from elsewhere) the row comes from the tree.
    @Test func aPendingDeclarationWithoutItsTypedFormUsesTheTree() throws {
        let declaration = try Self.declaration(Self.manned)
        let pending = PendingDeclaration(id: UUID(), carrierID: UUID(), document: declaration.jsonValue(), createdAt: .now(),
                                         decision: Self.decisions[1], idempotency: nil)
        #expect(pending.declaration == nil)
        #expect(pending.batchRowBytes() == pending.batchRow().serialized(orderingKeysBy: JSONBKeyOrder.precedes))
        #expect(pending.answerBytes() == pending.record.jsonValue().serialized())
        // Replacing the document of a typed one drops the typed form: the row and answer follow the new document.
        var typed = PendingDeclaration(id: UUID(), carrierID: UUID(), declaration: declaration, createdAt: .now(),
                                       decision: Self.decisions[0], idempotency: nil)
        typed.document = ["direction": "import"]
        #expect(typed.declaration == nil)
        #expect(String(decoding: typed.answerBytes(), as: UTF8.self).contains(#""direction":"import""#))
    }
}
