import Customs
import Exchange
import Foundation
import Synchronization

/// The simulated node's own storage, plain files under `--data` (not the gateway's PostgreSQL: the
/// two sides of a border share nothing but the wire).
///
/// - attempts.jsonl: every message id POSTed to us, before deduplication (proves what was re-sent).
/// - received.jsonl: each stored envelope with the receipt we gave, fsync'ed before the receipt goes out.
/// - receipts.jsonl: receipts we sent and the gateway's receipts for our pushes.
/// - manifests.jsonl: pulled manifests whose batch signature verified.
/// - cursor: the last manifest cursor, fsync'ed, so a restart continues where it stopped.
final class PeerStore: Sendable {
    let directory: String
    let attempts: JSONLines
    let received: JSONLines
    let receipts: JSONLines
    let manifests: JSONLines
    /// Message id → the receipt envelope (JSON) we answered it with, rebuilt from received.jsonl.
    private let seen: Mutex<[String: JSONValue]>

    init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        attempts = try JSONLines(path: directory + "/attempts.jsonl")
        received = try JSONLines(path: directory + "/received.jsonl")
        receipts = try JSONLines(path: directory + "/receipts.jsonl")
        manifests = try JSONLines(path: directory + "/manifests.jsonl")
        var loaded: [String: JSONValue] = [:]
        for line in JSONLines.read(directory + "/received.jsonl") {
            if case .object(let o) = line, case .string(let id)? = o["messageId"], let receipt = o["receipt"] { loaded[id] = receipt }
        }
        seen = Mutex(loaded)
    }

    var seenCount: Int { seen.withLock { $0.count } }

    /// Stores `envelope` unless its id was seen. Returns the earlier receipt for a replay, or nil
    /// after storing it with `receipt` (made by `makeReceipt` only when needed). Serialised, so two
    /// concurrent deliveries of one id store it once.
    func storeOnce(_ envelope: Envelope, at now: UTCTimestamp, makeReceipt: () throws -> Envelope) throws -> (earlier: JSONValue?, receipt: Envelope?) {
        let id = envelope.messageID.uuidString.lowercased()
        return try seen.withLock { seen in
            if let earlier = seen[id] { return (earlier, nil) }
            let receipt = try makeReceipt()
            try received.append([
                "messageId": .string(id), "receivedAt": .string(now.description),
                "envelope": envelope.jsonValue(), "receipt": receipt.jsonValue(),
            ])
            try receipts.append(["direction": "sent", "at": .string(now.description), "receipt": receipt.jsonValue()])
            seen[id] = receipt.jsonValue()
            return (nil, receipt)
        }
    }

    var cursorPath: String { directory + "/cursor" }

    func cursor() -> String {
        guard let data = FileManager.default.contents(atPath: cursorPath) else { return "0" }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "0" : text
    }

    /// Written to a temporary file, fsync'ed and renamed over the old one: a crash leaves either cursor, never half of one.
    func saveCursor(_ cursor: String) throws {
        let temporary = cursorPath + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PeerError("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let bytes = Array((cursor + "\n").utf8)
        let ok = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count && fsync(fd) == 0
        close(fd)
        guard ok, rename(temporary, cursorPath) == 0 else { throw PeerError("cannot save the cursor in \(cursorPath)") }
    }
}
