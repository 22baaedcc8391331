import Foundation
import Logging

/// A notification delivered by `NOTIFY channel, 'payload'` (or `pg_notify`) once its transaction
/// committed.
public struct PostgresNotification: Sendable, Equatable {
    public let channel: String
    public let payload: String

    public init(channel: String, payload: String) {
        self.channel = channel
        self.payload = payload
    }
}

/// One session that LISTENs to channels, on a thread of its own, and reports what it hears.
///
/// PostgreSQL keeps no notifications for a session that is not connected, so the listener says
/// when it starts listening (`.listening`, after every reconnect) and when it stops (`.lost`):
/// whoever caches rows must forget them at both, since changes in between were not heard.
public final class PostgresListener: @unchecked Sendable {
    public enum Event: Sendable, Equatable {
        case listening
        case notification(PostgresNotification)
        case lost
    }

    private let url: String
    private let channels: [String]
    private let retryDelay: Duration
    private let logger: Logger
    private let onEvent: @Sendable (Event) -> Void

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var stopping = false
    private var running = false

    /// `channels` must be plain identifiers (they are written into `LISTEN` as they are).
    public init(url: String, channels: [String], retryDelay: Duration = .seconds(1),
                logger: Logger = Logger(label: "smartgate.postgres.listen"), onEvent: @escaping @Sendable (Event) -> Void) {
        precondition(channels.allSatisfy(Self.isPlainIdentifier), "channel names are lower-case identifiers")
        self.url = url
        self.channels = channels
        self.retryDelay = retryDelay
        self.logger = logger
        self.onEvent = onEvent
    }

    /// `[a-z0-9_]+`: safe to write into `LISTEN` without quoting.
    static func isPlainIdentifier(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }

    public func start() {
        condition.lock()
        defer { condition.unlock() }
        guard !running else { return }
        running = true
        stopping = false
        let thread = Thread { [self] in run() }
        thread.name = "postgres-listen"
        thread.start()
    }

    /// Stops listening and waits (at most a poll interval) for the thread to end.
    public func stop() {
        condition.lock()
        stopping = true
        while running { condition.wait() }
        condition.unlock()
    }

    private var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    private func run() {
        var reported = false
        while !isStopping {
            do {
                let connection = try PostgresConnection(url: url)
                defer { connection.close() }
                try connection.simpleQuery(channels.map { "LISTEN \($0)" }.joined(separator: "; "))
                onEvent(.listening)
                reported = true
                while !isStopping {
                    for notification in try connection.notifications(waitingUpTo: .milliseconds(200)) {
                        onEvent(.notification(notification))
                    }
                }
            } catch {
                if reported {
                    onEvent(.lost)
                    reported = false
                }
                logger.warning("not listening for changes; retrying", metadata: ["error": "\(error)"])
                condition.lock()
                if !stopping { _ = condition.wait(until: Date().addingTimeInterval(retryDelay.timeInterval)) }
                condition.unlock()
            }
        }
        if reported { onEvent(.lost) }
        condition.lock()
        running = false
        condition.broadcast()
        condition.unlock()
    }
}
