import ArgumentParser
import Customs
import Exchange
import Foundation
import Synchronization

/// `nanning-peer push`: sends N signed declarations over C keep-alive connections, checks every
/// answer's signature and prints one JSON summary line. Exit 0 only when every message that was
/// meant to be accepted got a valid receipt, every tampered or stale one was refused with the
/// expected code, and every duplicate or replay came back `replayed` with the original receipt.
struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "push", abstract: "Push generated declarations to the gateway.")

    @Option(help: "How many declarations.")
    var count = 1
    @Option(help: "Keep-alive connections, one thread each.")
    var connections = 1
    @Option(help: "Keep the gateway's receipts in DIR/receipts.jsonl.")
    var data: String?
    @Flag(help: "Print one JSON line per message before the summary.")
    var verbose = false
    @OptionGroup var node: NodeOptions
    @OptionGroup var gateway: GatewayOptions
    @OptionGroup var faults: FaultOptions

    func validate() throws {
        try gateway.validateComplete()
        guard count >= 1, (1...256).contains(connections) else { throw ValidationError("--count must be ≥ 1 and --connections 1 to 256") }
    }

    /// What happened to one message: its first sending, the duplicate's answer (with --duplicate).
    struct Result {
        var reference: String
        var messageID: String
        var first: PushOutcome
        var duplicate: PushOutcome?
    }

    /// What came back for one message while the clock ran, judged into a `Result` after it stopped.
    struct Answers: Sendable {
        var first: Pusher.Answer?
        var duplicate: Pusher.Answer?
    }

    func run() throws {
        let signer = try Signer(node: node, faults: faults)
        let pusher = Pusher(signer: signer, store: try data.map { try PeerStore(directory: $0) })
        let today = VietnamDate.today()
        var generator = DeclarationGenerator()
        let runID = String(UUID().uuidString.lowercased().prefix(6))
        let messages = try (0..<count).map { index in
            let reference = "CN-NN-\(runID)-\(index + 1)"
            let document = generator.declaration(today: today)
            return (reference: reference, document: document, message: try pusher.message(document, reference: reference))
        }
        // One slot per message, made before the clock starts: a dictionary growing under the
        // threads' feet cost the peer page faults (fresh memory) in the middle of the measurement.
        let answers = Mutex<[Answers]>(Array(repeating: Answers(), count: messages.count))
        let next = Atomic<Int>(0)
        let gatewayOptions = gateway
        let faults = faults
        let cpuAtStart = Self.processCPUSeconds()
        let started = ContinuousClock.now
        var threads: [Thread] = []
        let done = DispatchGroup()
        var setupError: (any Error)?
        for _ in 0..<min(connections, count) {
            let client: GatewayClient
            do { client = try GatewayClient(options: gatewayOptions) } catch { setupError = error; break }
            done.enter()
            let thread = Thread {
                defer { client.close(); done.leave() }
                while true {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < messages.count else { return }
                    let item = messages[index]
                    if faults.dropRate > 0, Double.random(in: 0..<1) < faults.dropRate { continue }
                    faults.delay()
                    var answer = Answers()
                    answer.first = pusher.post(item.message, over: client)
                    if faults.duplicate { answer.duplicate = pusher.post(item.message, over: client) }
                    answers.withLock { $0[index] = answer }
                }
            }
            threads.append(thread)
            thread.start()
        }
        done.wait()
        if let setupError, threads.isEmpty { throw PeerError("cannot reach the gateway: \(setupError)") }
        var replayAnswer: Pusher.Answer?
        if faults.replay, let first = messages.first {
            let client = try GatewayClient(options: gatewayOptions)
            replayAnswer = pusher.post(first.message, over: client)
            client.close()
        }
        let elapsed = ContinuousClock.now - started
        let seconds = elapsed / .seconds(1)
        let cpuSeconds = Self.processCPUSeconds() - cpuAtStart
        // Every answer is checked, as before; only no longer inside the measured time.
        let judgingStarted = ContinuousClock.now
        let received = answers.withLock { $0 }
        let ordered = zip(messages, received).map { item, answer in
            Result(reference: item.reference, messageID: item.message.envelope.messageID.uuidString.lowercased(),
                   first: answer.first.map { pusher.judge($0, for: item.message) } ?? .skipped,
                   duplicate: answer.duplicate.map { pusher.judge($0, for: item.message) })
        }
        let replayOutcome = replayAnswer.map { pusher.judge($0, for: messages[0].message) }
        let verifySeconds = (ContinuousClock.now - judgingStarted) / .seconds(1)
        try report(ordered, documents: messages.map(\.document), replay: replayOutcome, seconds: seconds, cpuSeconds: cpuSeconds,
                   verifySeconds: verifySeconds)
    }

    /// User and system CPU of this process so far: the summary's `cpuSeconds` covers the timed
    /// sending only (messages are generated and signed before the clock starts), so a benchmark
    /// can tell the peer's share of a shared machine from the gateway's.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    func report(_ results: [Result], documents: [JSONValue], replay: PushOutcome?, seconds: Double, cpuSeconds: Double,
                verifySeconds: Double) throws {
        var refused: [String: Int] = [:]
        var lanes: [String: Int] = [:]
        var stored = 0, skipped = 0
        var unverified: [String] = []
        var failures: [String] = []
        let expected = faults.expectedRefusal
        for (index, result) in results.enumerated() {
            switch result.first {
            case .stored(let lane, _):
                stored += 1
                lanes[lane, default: 0] += 1
                if faults.mustBeRefused { failures.append("\(result.reference) was stored although it was spoiled (\(expected ?? "-"))") }
            case .skipped:
                skipped += 1
            case .unverified(_, let why):
                unverified.append(why)
                refused[result.first.code, default: 0] += 1
            default:
                refused[result.first.code, default: 0] += 1
                if !faults.spoilsEveryMessage {
                    failures.append("\(result.reference): \(result.first.code) \(Self.detail(result.first) ?? "")")
                } else if let expected, !expected.contains(result.first.code) {
                    failures.append("\(result.reference): expected \(expected), the gateway answered \(result.first.code) \(Self.detail(result.first) ?? "")")
                }
            }
            if let duplicate = result.duplicate, case .stored = result.first {
                if case .replayed(true) = duplicate {} else {
                    failures.append("\(result.reference): the duplicate came back \(duplicate.code), not replayed with the original receipt")
                }
            }
            if verbose {
                var line: JSONObject = ["messageId": .string(result.messageID), "reference": .string(result.reference),
                                        "outcome": .string(result.first.code), "summary": .string(Summary.declaration(documents[index]))]
                if case .stored(let lane, let id) = result.first { line["lane"] = .string(lane); line["declarationId"] = .string(id) }
                if let detail = Self.detail(result.first) { line["detail"] = .string(detail) }
                if let duplicate = result.duplicate { line["duplicate"] = .string(duplicate.code) }
                print(JSONValue.object(line).compactText)
            }
        }
        var summary: JSONObject = [
            "sent": .number(JSONNumber(results.count - skipped)), "stored": .number(JSONNumber(stored)),
            "refused": Self.counts(refused),
            "lanes": Self.counts(lanes),
            "seconds": .number(JSONNumber(String(format: "%.3f", seconds))!),
            "perSecond": .number(JSONNumber(String(format: "%.1f", seconds > 0 ? Double(results.count - skipped) / seconds : 0))!),
            "cpuSeconds": .number(JSONNumber(String(format: "%.3f", cpuSeconds))!),
            // Checking the answers' signatures after the clock stopped.
            "verifySeconds": .number(JSONNumber(String(format: "%.3f", verifySeconds))!),
        ]
        var faultReport: JSONObject = [:]
        if skipped > 0 { faultReport["skipped"] = .number(JSONNumber(skipped)) }
        if faults.duplicate {
            var answers: [String: Int] = [:]
            for result in results { if let d = result.duplicate { answers[d.code + (Self.confirmed(d) ? "_with_receipt" : ""), default: 0] += 1 } }
            faultReport["duplicate"] = Self.counts(answers)
        }
        if let replay {
            faultReport["replay"] = .string(replay.code + (Self.confirmed(replay) ? "_with_receipt" : ""))
            if case .stored = results.first?.first, !Self.confirmed(replay) {
                failures.append("the replay of the first message came back \(replay.code), not replayed with the original receipt")
            }
        }
        if let expected { faultReport["expected"] = .string(expected) }
        if !faultReport.isEmpty { summary["faults"] = .object(faultReport) }
        print(JSONValue.object(summary).compactText)
        if !unverified.isEmpty {
            FileHandle.standardError.write(Data("nanning-peer push: \(unverified.count) answer(s) did not verify as signed by the gateway: \(unverified[0])\n".utf8))
            throw ExitCode.failure
        }
        if !failures.isEmpty {
            FileHandle.standardError.write(Data("nanning-peer push: \(failures.count) message(s) not answered as expected:\n  \(failures.prefix(10).joined(separator: "\n  "))\n".utf8))
            throw ExitCode.failure
        }
    }

    static func counts(_ counts: [String: Int]) -> JSONValue {
        var object = JSONObject()
        for (key, value) in counts.sorted(by: { $0.key < $1.key }) { object[key] = .number(JSONNumber(value)) }
        return .object(object)
    }

    static func confirmed(_ outcome: PushOutcome) -> Bool {
        if case .replayed(true) = outcome { return true }
        return false
    }

    static func detail(_ outcome: PushOutcome) -> String? {
        switch outcome {
        case .refused(_, let status, let detail): "HTTP \(status): \(detail)"
        case .unverified(_, let why): why
        case .transport(let why): why
        default: nil
        }
    }
}
