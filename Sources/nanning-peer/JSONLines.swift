import Customs
import Foundation

/// An append-only file of one JSON value per line. Each append is written and fsync'ed before it
/// returns: the node promises (with a receipt) only what is already on disk.
final class JSONLines: @unchecked Sendable {
    let path: String
    private let fd: Int32
    private let lock = NSLock()

    init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PeerError("cannot open \(path): \(String(cString: strerror(errno)))") }
    }

    deinit { close(fd) }

    func append(_ value: JSONValue) throws {
        let line = value.serialized() + [0x0A]
        try lock.withLock {
            let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written == line.count, fsync(fd) == 0 else {
                throw PeerError("cannot append to \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Every line that parses; a torn last line (a crash mid-write) is skipped, it was never acknowledged.
    static func read(_ path: String) -> [JSONValue] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return data.split(separator: 0x0A).compactMap { try? JSONParser.parse([UInt8]($0)) }
    }
}
