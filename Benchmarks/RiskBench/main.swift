import Customs
import Foundation

// `risk-bench`: lane decisions per second and per-decision latency with 1,000 (and 10,000) rules,
// on synthetic pilot declarations (fruit under HS 08, electronic components under HS 85).
// Pure: no I/O inside the timed loop. Usage: risk-bench [rules...] (default 1000 10000).
// `risk-bench intake FILE YYYY-MM-DD` times instead the intake (parsing and validation) of one
// declaration body on that date at the crossing, e.g. the benchmark's: `python3
// Benchmarks/declaration_body.py > body.json; risk-bench intake body.json $(TZ=Asia/Ho_Chi_Minh
// date +%F)`; 5 rounds of 20,000.

/// A ruleset shaped like a real one: most rules on HS prefixes (some with origins), some on watch
/// lists, a few on the trader or vehicle alone.
func makeRuleset(rules count: Int) -> RuleSet {
    var rules: [String] = []
    let origins = ["TH", "MY", "LA", "KH", "CN", "VN", "HK", "TW", "SG", "ID"]
    for index in 0..<count {
        let id = "r\(index)"
        let reason = #""reason": "synthetic rule \#(index)", "task": "check line \#(index % 7)""#
        switch index % 20 {
        case 0:
            rules.append(#"{"id": "\#(id)", "when": {"plateList": "plates-\#(index % 5)"}, "then": {"lane": "red"}, \#(reason)}"#)
        case 1:
            rules.append(#"{"id": "\#(id)", "when": {"traderList": "traders"}, "then": {"score": 20}, \#(reason)}"#)
        case 2 where index < 200:
            rules.append(#"{"id": "\#(id)", "when": {"directions": ["import"], "complianceLevelAtLeast": \#(1 + index % 5)}, "then": {"score": 5}, \#(reason)}"#)
        default:
            // Headings of chapters 08 and 85 and the chapters around them, 4 to 8 digits.
            let chapter = [7, 8, 9, 20, 84, 85, 90][index % 7]
            let heading = String(format: "%02d%02d", chapter, index % 90 + 1)
            let prefix = index % 3 == 0 ? heading + String(format: "%02d", index % 50) : heading
            let origin = origins[index % origins.count]
            rules.append(#"{"id": "\#(id)", "when": {"hsPrefixes": ["\#(prefix)"], "origins": ["\#(origin)"]}, "then": {"score": \#(10 + index % 30)}, \#(reason)}"#)
        }
    }
    var lists: [String] = []
    for list in 0..<5 {
        let plates = (0..<200).map { String(format: "\"%02dC-%03d.%02d\"", 11 + list, $0, $0 % 100) }.joined(separator: ",")
        lists.append(#""plates-\#(list)": {"kind": "plate", "entries": [\#(plates)]}"#)
    }
    lists.append(#""traders": {"kind": "trader", "entries": ["4900999991"]}"#)
    let text = """
    {"format": 1, "version": "bench.\(count)", "scoring": {"yellowFrom": 30, "redFrom": 60},
     "randomSelection": {"greenToYellow": 0.02, "greenToRed": 0.01, "authorisedOperatorCap": 0.005},
     "exchangeRates": {"CNY": 7.12}, "valueReferences": {"08": {"usdPerKg": 0.3}, "85": {"usdPerKg": 5}},
     "watchLists": {\(lists.joined(separator: ","))}, "rules": [\(rules.joined(separator: ","))]}
    """
    switch RuleSet.parse(text) {
    case .success(let ruleset): return ruleset
    case .failure(let error): fatalError("benchmark ruleset refused: \(error)")
    }
}

let certificate = """
    [{"kind": "phytosanitary", "number": "PC-2026-0001", "issuer": "Plant Protection Department",
      "country": "VN", "issuedOn": "2026-11-20", "expiresOn": "2026-12-20", "goodsLines": [0, 1]}]
    """

func declaration(_ index: Int) -> Declaration {
    let fruit = index % 2 == 0
    let hs = fruit ? ["08109010", "08045020", "08051020", "08119000"][index % 4] : ["8542310000", "8507600000", "8517130000", "8471300000"][index % 4]
    let text = """
    {"direction": "\(fruit ? "export" : "import")", "crossing": "HUU_NGHI", "plannedCrossingOn": "2026-11-23",
     "trader": {"taxCode": "4900567896", "name": "Công ty TNHH Xuất nhập khẩu Lạng Sơn", "country": "VN"},
     "vehicle": {"plate": "12C-\(String(format: "%03d", index % 400)).\(String(format: "%02d", index % 100))", "plateCountry": "VN", "trailerPlate": "12R-012.34", "kind": "tractor_trailer",
                 "containers": [{"number": "MSCU1234566", "seal": "VN123456"}]},
     "driver": {"fullName": "Nguyễn Văn An", "nationality": "VN", "birthDate": "1985-04-12",
                "document": {"type": "passport", "number": "C1234567", "expiresOn": "2031-05-01"},
                "licence": {"number": "120123456789", "class": "FC", "expiresOn": "2029-01-01"}},
     "goods": [{"hsCode": "\(hs)", "description": "goods", "quantity": 1000, "unit": "KGM",
                "grossKg": 1100, "netKg": 1000, "value": \(500 + index % 5000), "currency": "USD", "origin": "\(["VN", "TH", "CN", "MY"][index % 4])"},
               {"hsCode": "\(fruit ? "08109010" : "8542390000")", "description": "goods", "quantity": 10, "unit": "KGM",
                "grossKg": 11, "netKg": 10, "value": 80, "currency": "USD", "origin": "VN"}],
     "quarantine": {"driverHealth": {"declaredOn": "2026-11-22", "fever": false, "symptoms": []},
                    "certificates": \(fruit ? certificate : "[]")}}
    """
    switch DeclarationIntake.decode(Array(text.utf8), today: CalendarDate(year: 2026, month: 11, day: 22)!) {
    case .success(let declaration): return declaration
    case .failure(let failure): fatalError("benchmark declaration refused: \(failure)")
    }
}

func nanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

if CommandLine.arguments.count == 4, CommandLine.arguments[1] == "intake" {
    guard let data = FileManager.default.contents(atPath: CommandLine.arguments[2]) else { fatalError("cannot read \(CommandLine.arguments[2])") }
    let body = Array(data)
    guard let today = CalendarDate(iso8601: CommandLine.arguments[3]) else { fatalError("not a date: \(CommandLine.arguments[3])") }
    if case .failure(let failure) = DeclarationIntake.decode(body, today: today) { fatalError("the body is refused: \(failure)") }
    print("| round | intakes/s | median µs | p99 µs |")
    print("|---|---|---|---|")
    for round in 1...5 {
        var samples: [UInt64] = []
        samples.reserveCapacity(20_000)
        let start = nanoseconds()
        for _ in 0..<20_000 {
            let t0 = nanoseconds()
            guard case .success = DeclarationIntake.decode(body, today: today) else { fatalError("refused") }
            samples.append(nanoseconds() - t0)
        }
        let total = Double(nanoseconds() - start) / 1e9
        samples.sort()
        func us(_ q: Double) -> String { String(format: "%.1f", Double(samples[min(samples.count - 1, Int(Double(samples.count) * q))]) / 1000) }
        print("| \(round) | \(Int(Double(samples.count) / total)) | \(us(0.5)) | \(us(0.99)) |")
    }
    exit(0)
}

let counts = CommandLine.arguments.dropFirst().compactMap(Int.init)
let declarations = (0..<1000).map(declaration)
let at = UTCTimestamp(rfc3339: "2026-11-22T08:00:00+07:00")!
print("| rules | decisions/s | median µs | p99 µs | max µs | rules fired per decision |")
print("|---|---|---|---|---|---|")
for count in counts.isEmpty ? [1000, 10_000] : counts {
    let ruleset = makeRuleset(rules: count)
    var fired = 0
    // Warm-up.
    for (i, d) in declarations.enumerated() { fired &+= RiskEngine.decide(d, trader: .unknown, ruleset: ruleset, seed: UInt64(i), at: at).firedRules.count }
    var samples: [UInt64] = []
    samples.reserveCapacity(20_000)
    fired = 0
    let start = nanoseconds()
    for round in 0..<20 {
        for (i, d) in declarations.enumerated() {
            let t0 = nanoseconds()
            let decision = RiskEngine.decide(d, trader: .unknown, ruleset: ruleset, seed: UInt64(round * 1000 + i), at: at)
            samples.append(nanoseconds() - t0)
            fired += decision.firedRules.count
        }
    }
    let total = Double(nanoseconds() - start) / 1e9
    samples.sort()
    func us(_ q: Double) -> String { String(format: "%.1f", Double(samples[min(samples.count - 1, Int(Double(samples.count) * q))]) / 1000) }
    print("| \(count) | \(Int(Double(samples.count) / total)) | \(us(0.5)) | \(us(0.99)) | \(us(1.0)) | \(String(format: "%.1f", Double(fired) / Double(samples.count))) |")
}
