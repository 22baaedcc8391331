#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Where log lines go: a file descriptor written in batches. Lines are appended to a buffer and
/// written every `interval` by a background thread, when the buffer passes `flushBytes`, and at
/// once (with everything before them) for `error` and `critical`. With swift-log's
/// `StreamLogHandler` every access-log line was one `write` on the I/O thread: GET /health/live
/// at `info` served 34,000–41,000 requests/s that way, 49,000–59,000 batched (Docs/benchmarks.md).
///
/// What a crash can lose is at most `interval` of lines below `error`; an error line is written
/// before the call that logs it returns.
public final class LogSink: Sendable {
    public static let standardError = LogSink(fileDescriptor: 2)

    private struct Pending {
        var bytes: [UInt8] = []
        var stampSecond = -1
        var stamp: [UInt8] = []
    }

    private let pending = Mutex(Pending())
    /// Held while a batch is taken and written, so batches reach the file in the order they formed.
    private let writing = Mutex(())
    private let fileDescriptor: Int32
    private let flushBytes: Int

    public init(fileDescriptor: Int32, interval: Duration = .milliseconds(100), flushBytes: Int = 64 * 1024) {
        self.fileDescriptor = fileDescriptor
        self.flushBytes = flushBytes
        let nanoseconds = max(1, Int(interval.components.seconds) * 1_000_000_000 + Int(interval.components.attoseconds / 1_000_000_000))
        let box = Unmanaged.passRetained(FlusherContext(sink: self, nanoseconds: nanoseconds))
        var thread = pthread_t()
        pthread_create(&thread, nil, { raw in
            let context = Unmanaged<FlusherContext>.fromOpaque(raw!).takeRetainedValue()
            var delay = timespec(tv_sec: context.nanoseconds / 1_000_000_000, tv_nsec: context.nanoseconds % 1_000_000_000)
            while true {
                nanosleep(&delay, nil)
                guard let sink = context.sink else { return nil }  // the sink is gone: so is the thread
                sink.flush()
            }
        }, box.toOpaque())
        pthread_detach(thread)
    }

    /// The current second's timestamp, formatted once per second.
    func timestamp() -> [UInt8] {
        let now = time(nil)
        return pending.withLock { p in
            if Int(now) != p.stampSecond {
                p.stampSecond = Int(now)
                p.stamp = Self.timestamp(now)
            }
            return p.stamp
        }
    }

    /// Appends one whole line (with its newline) and writes the buffer out when `urgent` or full.
    func append(_ line: [UInt8], urgent: Bool) {
        let full = pending.withLock { p -> Bool in
            p.bytes.append(contentsOf: line)
            return p.bytes.count >= flushBytes
        }
        if urgent || full { flush() }
    }

    /// Writes out everything appended so far.
    public func flush() {
        writing.withLock { _ in
            let batch = pending.withLock { p -> [UInt8] in
                defer { p.bytes.removeAll(keepingCapacity: true) }
                return p.bytes
            }
            batch.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                    if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
                }
            }
        }
    }

    /// `StreamLogHandler`'s format: local time, `%Y-%m-%dT%H:%M:%S%z`.
    private static func timestamp(_ seconds: time_t) -> [UInt8] {
        var t = seconds
        var parts = tm()
        guard localtime_r(&t, &parts) != nil else { return Array("<unknown>".utf8) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { strftime($0.baseAddress!, $0.count, "%Y-%m-%dT%H:%M:%S%z", &parts) }
        }
        return Array(buffer[0..<n])
    }
}

/// The flusher thread's reference: weak, so a sink made for a test can go away.
private final class FlusherContext {
    weak var sink: LogSink?
    let nanoseconds: Int

    init(sink: LogSink, nanoseconds: Int) {
        self.sink = sink
        self.nanoseconds = nanoseconds
    }
}
