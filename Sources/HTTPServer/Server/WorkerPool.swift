import Foundation
import Synchronization

/// A fixed set of threads running blocking handlers from a bounded queue, so a handler stuck in
/// libpq never stalls accepting or I/O. `submit` refuses when the queue is full (the caller
/// answers 503) instead of queueing without bound.
final class WorkerPool: Sendable {
    typealias Job = @Sendable () -> Void

    private struct Queue {
        var jobs: [Job?] = []
        var head = 0
        var stopping = false
        var count: Int { jobs.count - head }
    }

    private let queue = Mutex(Queue())
    private let available = DispatchSemaphore(value: 0)
    private let finished = DispatchGroup()
    private let capacity: Int
    private let gauges: ServerGauges
    let threadCount: Int

    init(threads: Int, capacity: Int, gauges: ServerGauges) {
        self.threadCount = max(1, threads)
        self.capacity = max(1, capacity)
        self.gauges = gauges
    }

    func start() {
        for i in 0..<threadCount {
            finished.enter()
            let thread = Thread { [self] in
                self.run()
                self.finished.leave()
            }
            thread.name = "http-worker-\(i)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Queues a job; false when the queue is full or the pool is stopping.
    func submit(_ job: @escaping Job) -> Bool {
        let accepted = queue.withLock { q -> Bool in
            guard !q.stopping, q.count < capacity else { return false }
            q.jobs.append(job)
            return true
        }
        if accepted {
            gauges.queueDepth.wrappingAdd(1, ordering: .relaxed)
            available.signal()
        }
        return accepted
    }

    private func run() {
        while true {
            available.wait()
            let job = queue.withLock { q -> Job?? in
                if q.count == 0 { return q.stopping ? .some(nil) : nil }
                let j = q.jobs[q.head]
                q.jobs[q.head] = nil
                q.head += 1
                // Compact now and then so the array does not grow forever.
                if q.head > 1024 && q.head * 2 > q.jobs.count {
                    q.jobs.removeFirst(q.head)
                    q.head = 0
                }
                return .some(j)
            }
            switch job {
            case .none: continue  // spurious: a stop signal raced a job
            case .some(.none): return
            case .some(.some(let j)):
                gauges.queueDepth.wrappingSubtract(1, ordering: .relaxed)
                j()
            }
        }
    }

    /// Lets queued jobs run, then stops the threads; waits until `deadline` at most.
    /// Returns false when some thread was still busy (a handler stuck past the deadline).
    @discardableResult
    func shutdown(waitUntil deadline: MonotonicTime) -> Bool {
        queue.withLock { $0.stopping = true }
        for _ in 0..<threadCount { available.signal() }
        let remaining = deadline.since(.now())
        let (s, a) = remaining.components
        let wait = DispatchTime.now() + .nanoseconds(Int(s) * 1_000_000_000 + Int(a / 1_000_000_000))
        return finished.wait(timeout: wait) == .success
    }
}
