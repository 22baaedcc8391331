import Dispatch
import Foundation
import Synchronization

/// Waits for SIGINT or SIGTERM through Dispatch sources, so shutdown is ordinary code.
final class StopSignal: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private var sources: [any DispatchSourceSignal] = []
    private let received = Mutex<Int32>(0)

    init() {
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

    func wait() -> String {
        semaphore.wait()
        return received.withLock { $0 } == SIGINT ? "SIGINT" : "SIGTERM"
    }
}
