import ArgumentParser
import Customs
import Foundation

/// `nanning-peer report --data DIR`: what the node's files say, for a person (the demo prints it).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Print the node's manifests, pushes and receipts readably.")

    @Option(help: "The node's data directory.")
    var data: String

    func run() throws {
        let manifests = JSONLines.read(data + "/manifests.jsonl")
        print("Manifests pulled from the gateway (\(manifests.count)):")
        for line in manifests {
            let m = Summary.string(line, "manifest", "declarationId")
            print("  #\(Summary.string(line, "manifest", "position")) declaration \(m) v\(Summary.string(line, "manifest", "version")) released \(Summary.string(line, "manifest", "releasedAt"))")
            if case .object(let o) = line { print("      \(Summary.declaration(o["manifest"]))") }
        }
        let receipts = JSONLines.read(data + "/receipts.jsonl")
        let ours = receipts.filter { Summary.string($0, "direction") == "received" }
        print("Declarations pushed to the gateway, with its receipts (\(ours.count)):")
        for line in ours {
            print("  reference \(Summary.string(line, "receipt", "payload", "reference")) → gateway declaration \(Summary.string(line, "receipt", "payload", "declarationId")) lane \(Summary.string(line, "receipt", "payload", "lane")) (receipt \(Summary.string(line, "receipt", "messageId")), key \(Summary.string(line, "receipt", "keyId")))")
        }
        let received = JSONLines.read(data + "/received.jsonl")
        let attempts = JSONLines.read(data + "/attempts.jsonl")
        print("Outbox deliveries from the gateway (\(received.count) stored, \(attempts.count) attempts):")
        for line in received {
            print("  message \(Summary.string(line, "messageId")) declaration \(Summary.string(line, "envelope", "payload", "reference")) v\(Summary.string(line, "envelope", "payload", "version")) at \(Summary.string(line, "receivedAt"))")
            if case .object(let o) = line, case .object(let e)? = o["envelope"], case .object(let p)? = e["payload"] {
                print("      \(Summary.declaration(p["declaration"]))")
            }
            print("      our receipt \(Summary.string(line, "receipt", "messageId")): status \(Summary.string(line, "receipt", "payload", "status")), digest \(Summary.string(line, "receipt", "payload", "receivedDigest").prefix(16))…")
        }
    }
}
