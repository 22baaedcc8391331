import Logging
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import TLS

/// One epoll-driven I/O thread. It accepts (the listening socket is registered in every loop's
/// epoll with EPOLLEXCLUSIVE, so one loop wakes per burst), reads, parses, runs non-blocking
/// handlers inline, hands blocking ones to the worker pool, and writes.
///
/// `@unchecked Sendable`: every mutable property is touched only on the loop's own thread. Other
/// threads reach the loop only through `post`, which goes through a Mutex-protected mailbox and
/// the eventfd wake-up.
final class IOLoop: @unchecked Sendable {
    typealias Job = @Sendable (IOLoop) -> Void

    let index: Int
    let core: ServerCore
    let epoll: Epoll
    let listenFD: Int32
    var connections: [Connection?] = []
    /// Connections this loop serves or has been handed and not yet closed; read by the other
    /// loops when they choose where a new connection goes.
    let held = Atomic<Int>(0)
    /// Every loop of the server, this one included: set before the threads start, then read
    /// (and emptied by `stop`) only on this loop's thread.
    var peers: [IOLoop] = []
    private let mailbox = Mutex<[Job]>([])

    /// Socket reads land here first; only leftovers are copied into a connection's buffer.
    let readBuffer: UnsafeMutableRawBufferPointer
    /// Decrypted TLS bytes land here.
    let plaintextBuffer: UnsafeMutableRawBufferPointer
    /// The response head being serialised (reused; its capacity stays).
    var headBuffer: [UInt8] = []
    var dateCache = DateCache()
    var running = true
    var shuttingDown = false
    var nextGeneration: UInt32 = 1
    let tick: Duration
    var logger: Logger

    init(index: Int, core: ServerCore, listenFD: Int32) throws(SocketError) {
        self.index = index
        self.core = core
        self.listenFD = listenFD
        self.epoll = try Epoll()
        self.readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        self.plaintextBuffer = .allocate(byteCount: 32 * 1024, alignment: 16)
        // Timeouts are checked by a sweep: a quarter of the shortest timeout, between 10 ms and 250 ms.
        let quarter = core.configuration.timeouts.shortest / 4
        self.tick = min(max(quarter, .milliseconds(10)), .milliseconds(250))
        self.logger = core.logger
        headBuffer.reserveCapacity(1024)
        try epoll.add(listenFD, token: Epoll.listenToken, events: LinuxABI.IN | LinuxABI.EXCLUSIVE)
    }

    deinit {
        readBuffer.deallocate()
        plaintextBuffer.deallocate()
    }

    /// Runs `job` on the loop's thread (from any thread).
    func post(_ job: @escaping Job) {
        // Only the job that finds the mailbox empty wakes the loop: the loop empties the whole
        // mailbox after reading the eventfd, so later jobs ride on that wake-up (one eventfd
        // write per batch of completions instead of one per response).
        let wasEmpty = mailbox.withLock { m -> Bool in
            m.append(job)
            return m.count == 1
        }
        if wasEmpty { epoll.wake() }
    }

    func run() {
        let tickMs = Int32(max(1, tick.nanosecondsClamped / 1_000_000))
        var nextSweep = MonotonicTime.now() + tick
        let yields = core.configuration.yieldsAfterEachWakeUp
        while running {
            let n = epoll.wait(timeoutMilliseconds: tickMs)
            for i in 0..<n {
                let (events, token) = epoll.event(i)
                switch token {
                case Epoll.wakeToken:
                    epoll.drainWake()
                    runMailbox()
                case Epoll.listenToken:
                    acceptConnections()
                default:
                    let fd = Int(token & 0xFFFF_FFFF)
                    guard fd < connections.count, let c = connections[fd], c.generation == UInt32(token >> 32) else { continue }
                    handle(c, events: events)
                }
            }
            if n > 0 && yields { sched_yield() }
            let now = MonotonicTime.now()
            if now >= nextSweep {
                sweepTimeouts(now: now)
                nextSweep = now + tick
            }
        }
        for case let c? in connections { close(c) }
        runMailbox()  // completions that raced the stop: their connections are gone
    }

    private func runMailbox() {
        let jobs = mailbox.withLock { m -> [Job] in
            defer { m.removeAll(keepingCapacity: true) }
            return m
        }
        for job in jobs { job(self) }
    }

    private func handle(_ c: Connection, events: UInt32) {
        if events & (LinuxABI.OUT | LinuxABI.ERR | LinuxABI.HUP) != 0 && !c.outbound.isEmpty {
            flushOutbound(c)
            if c.isClosed { return }
        }
        if events & (LinuxABI.IN | LinuxABI.RDHUP | LinuxABI.ERR | LinuxABI.HUP) != 0 {
            c.readable = true
        }
        pump(c)
    }

    private func sweepTimeouts(now: MonotonicTime) {
        for case let c? in connections {
            if let linger = c.lingerDeadline {
                if now >= linger { close(c) }
                continue
            }
            guard let d = c.machine.deadline, now >= d else { continue }
            if c.machine.timeoutFired(now: now) == .closeConnection {
                logger.debug("connection timed out", metadata: ["peer": "\(c.peer)", "state": "\(c.machine.state)"])
                close(c)
            }
        }
    }

    /// Stops accepting; closes idle connections; the rest close after their current response.
    func beginShutdown() {
        guard !shuttingDown else { return }
        shuttingDown = true
        epoll.remove(listenFD)
        let now = MonotonicTime.now()
        for case let c? in connections where c.machine.shutdown(now: now) == .closeConnection {
            close(c)
        }
    }

    /// Closes everything and ends the thread.
    func stop() {
        running = false
        peers = []  // the loops hold each other; this breaks the cycle
    }

    func close(_ c: Connection) {
        guard !c.isClosed else { return }
        c.isClosed = true
        _ = c.machine.close()
        if c.exchange != nil {
            // A request was read but never answered.
            core.gauges.inFlight.wrappingSubtract(1, ordering: .relaxed)
            c.exchange = nil
        }
        epoll.remove(c.fd)
        Socket.close(c.fd)
        connections[Int(c.fd)] = nil
        held.wrappingSubtract(1, ordering: .relaxed)
        core.gauges.connections.wrappingSubtract(1, ordering: .relaxed)
    }
}
