import Dispatch
import Foundation
import Synchronization

/// Waits for SIGINT or SIGTERM, for a process running servers (the daemon, the simulated
/// Nanning node). The signals are ignored for the default handler and delivered
/// through Dispatch sources instead, so shutdown runs as ordinary code rather than in a handler.
public final class ShutdownSignal: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private var sources: [any DispatchSourceSignal] = []
    private let received = Mutex<Int32>(0)

    public init() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                self.received.withLock { $0 = number }
                self.semaphore.signal()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Blocks until a signal arrives and returns its name.
    public func wait() -> String {
        semaphore.wait()
        return received.withLock { $0 } == SIGINT ? "SIGINT" : "SIGTERM"
    }
}
