import ArgumentParser
import Customs
import Foundation

/// `nanning-peer pull`: reads the gateway's manifest feed, verifying each batch's signature.
struct PullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pull", abstract: "Pull released manifests from the gateway.")

    @Option(help: "Start after this cursor (default: DIR/cursor with --data, else 0).")
    var after: String?
    @Option(help: "Manifests per batch (1 to 1000).")
    var limit = 100
    @Flag(help: "Follow `next` until the feed has nothing more.")
    var all = false
    @Option(help: "Keep verified manifests in DIR/manifests.jsonl and the cursor in DIR/cursor.")
    var data: String?
    @Flag(help: "Print each manifest (one JSON line) before the summary.")
    var verbose = false
    @OptionGroup var node: NodeOptions
    @OptionGroup var gateway: GatewayOptions

    func validate() throws {
        try gateway.validateComplete()
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1 to 1000") }
        if let after, Int64(after) == nil { throw ValidationError("--after must be a cursor (an integer)") }
    }

    func run() throws {
        let store = try data.map { try PeerStore(directory: $0) }
        let puller = Puller(signer: try Signer(node: node), store: store)
        let client = try GatewayClient(options: gateway)
        defer { client.close() }
        var cursor = after ?? store?.cursor() ?? "0"
        var count = 0, batches = 0
        let started = ContinuousClock.now
        do {
            while true {
                let page = try puller.page(after: cursor, limit: limit, over: client)
                batches += 1
                count += page.manifests.count
                if verbose { for manifest in page.manifests { print(manifest.compactText) } }
                let moved = page.next != cursor
                cursor = page.next
                if !all || page.manifests.isEmpty || !moved { break }
            }
        } catch {
            FileHandle.standardError.write(Data("nanning-peer pull: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let elapsed = ContinuousClock.now - started
        let seconds = elapsed / .seconds(1)
        let summary: JSONValue = [
            "manifests": .number(JSONNumber(count)), "next": .string(cursor), "batches": .number(JSONNumber(batches)),
            "seconds": .number(JSONNumber(String(format: "%.3f", seconds))!),
            "perSecond": .number(JSONNumber(String(format: "%.1f", seconds > 0 ? Double(count) / seconds : 0))!),
        ]
        print(summary.compactText)
    }
}
