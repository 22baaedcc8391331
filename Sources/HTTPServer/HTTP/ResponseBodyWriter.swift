import Synchronization

/// Handed to a streaming response's closure; each `write` becomes one chunk.
///
/// The chunks are collected and sent when the closure returns (chunked framing, but not yet
/// incremental delivery): enough for the exports this daemon streams, and it keeps the closure
/// off the I/O thread. Thread-safe (a Mutex) because the closure may hand it to helpers.
public final class ResponseBodyWriter: Sendable {
    private let chunks = Mutex<[[UInt8]]>([])

    init() {}

    public func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }  // an empty chunk would end the body
        chunks.withLock { $0.append(bytes) }
    }

    public func write(_ text: String) { write(Array(text.utf8)) }

    func take() -> [[UInt8]] { chunks.withLock { c in defer { c = [] }; return c } }
}
