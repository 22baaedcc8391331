import Testing
@testable import HTTPServer

/// The connection lifecycle, driven by a test clock: no sockets, no sleeping.
@Suite struct ConnectionStateMachineTests {
    let timeouts = ConnectionTimeouts(head: .seconds(5), body: .seconds(20), idle: .seconds(60), write: .seconds(30))
    let t0 = MonotonicTime(nanoseconds: 1_000_000_000_000)

    func at(_ seconds: Double) -> MonotonicTime {
        MonotonicTime(nanoseconds: t0.nanoseconds + UInt64(seconds * 1e9))
    }

    /// A connection that has read one whole request and is running its handler.
    func handling() -> ConnectionStateMachine {
        var m = ConnectionStateMachine(timeouts: timeouts)
        _ = m.opened(now: at(0))
        _ = m.bytesReceived(now: at(0))
        _ = m.headReceived(now: at(0), keepAlive: true)
        _ = m.requestReceived(now: at(0))
        return m
    }

    @Test func armsTheHeadTimeoutWhenAConnectionOpens() {
        var m = ConnectionStateMachine(timeouts: timeouts)
        #expect(m.opened(now: at(0)) == .scheduleTimeout(deadline: at(5)))
    }

    @Test func closesASlowHeaderClientAtTheHeadTimeout() {
        var m = ConnectionStateMachine(timeouts: timeouts)
        _ = m.opened(now: at(0))
        #expect(m.bytesReceived(now: at(1)) == .scheduleTimeout(deadline: at(6)))
        #expect(m.timeoutFired(now: at(5.9)) == .none)
        #expect(m.timeoutFired(now: at(6)) == .closeConnection)
        #expect(m.state == .closed)
    }

    @Test func doesNotRestartTheHeadTimeoutForEveryByte() {
        var m = ConnectionStateMachine(timeouts: timeouts)
        _ = m.opened(now: at(0))
        _ = m.bytesReceived(now: at(1))
        #expect(m.bytesReceived(now: at(4)) == .none)
        #expect(m.deadline == at(6))
    }

    @Test func closesAConnectionWhoseBodyStallsAtTheBodyTimeout() {
        var m = ConnectionStateMachine(timeouts: timeouts)
        _ = m.opened(now: at(0))
        _ = m.bytesReceived(now: at(0))
        #expect(m.headReceived(now: at(1), keepAlive: true) == .scheduleTimeout(deadline: at(21)))
        #expect(m.timeoutFired(now: at(20)) == .none)
        #expect(m.timeoutFired(now: at(21)) == .closeConnection)
    }

    @Test func neverTimesOutARunningHandler() {
        var m = handling()
        #expect(m.deadline == nil)
        #expect(m.timeoutFired(now: at(10_000)) == .none)
        #expect(m.state == .handling)
    }

    @Test func closesAnIdleKeepAliveConnectionAtTheIdleTimeout() {
        var m = handling()
        #expect(m.responseReady(now: at(1)) == .write(thenClose: false, deadline: at(31)))
        #expect(m.writeCompleted(now: at(2)) == .resumeReading(deadline: at(62)))
        #expect(m.state == .idle(fresh: false))
        #expect(m.timeoutFired(now: at(61)) == .none)
        #expect(m.timeoutFired(now: at(62)) == .closeConnection)
    }

    @Test func closesAClientThatStopsReadingAtTheWriteTimeout() {
        var m = handling()
        _ = m.responseReady(now: at(1))
        #expect(m.timeoutFired(now: at(30)) == .none)
        #expect(m.timeoutFired(now: at(31)) == .closeConnection)
    }

    @Test func closesAfterTheResponseWhenTheRequestSaidConnectionClose() {
        var m = ConnectionStateMachine(timeouts: timeouts)
        _ = m.opened(now: at(0))
        _ = m.bytesReceived(now: at(0))
        _ = m.headReceived(now: at(0), keepAlive: false)
        _ = m.requestReceived(now: at(0))
        #expect(m.responseReady(now: at(1)) == .write(thenClose: true, deadline: at(31)))
        #expect(m.writeCompleted(now: at(1)) == .closeConnection)
    }

    @Test func answersAParseErrorOnceThenCloses() {
        var m = ConnectionStateMachine(timeouts: timeouts)
        _ = m.opened(now: at(0))
        _ = m.bytesReceived(now: at(0))
        #expect(m.parseFailed(now: at(1)) == .write(thenClose: true, deadline: at(31)))
        #expect(m.writeCompleted(now: at(1)) == .closeConnection)
    }

    @Test func shutdownClosesAnIdleConnectionAtOnce() {
        var m = ConnectionStateMachine(timeouts: timeouts)
        _ = m.opened(now: at(0))
        #expect(m.shutdown(now: at(1)) == .closeConnection)
    }

    @Test func shutdownLetsAnInFlightRequestFinishThenCloses() {
        var m = handling()
        #expect(m.shutdown(now: at(1)) == .none)
        #expect(m.state == .handling)
        #expect(m.responseReady(now: at(2)) == .write(thenClose: true, deadline: at(32)))
        #expect(m.writeCompleted(now: at(3)) == .closeConnection)
    }

    @Test func shutdownWhileAResponseIsBeingWrittenClosesAfterIt() {
        var m = handling()
        _ = m.responseReady(now: at(1))
        #expect(m.shutdown(now: at(1.5)) == .none)
        #expect(m.writeCompleted(now: at(2)) == .closeConnection)
    }

    @Test func endOfInputWhileHandlingStillDeliversTheResponse() {
        var m = handling()
        #expect(m.endOfInput(now: at(1)) == .none)
        #expect(m.responseReady(now: at(2)) == .write(thenClose: true, deadline: at(32)))
    }

    @Test func endOfInputWhileIdleCloses() {
        var m = ConnectionStateMachine(timeouts: timeouts)
        _ = m.opened(now: at(0))
        #expect(m.endOfInput(now: at(1)) == .closeConnection)
    }

    @Test func servesKeepAliveRequestsOneAfterAnother() {
        var m = handling()
        _ = m.responseReady(now: at(1))
        _ = m.writeCompleted(now: at(1))
        #expect(m.bytesReceived(now: at(2)) == .scheduleTimeout(deadline: at(7)))
        _ = m.headReceived(now: at(2), keepAlive: true)
        #expect(m.requestReceived(now: at(2)) == .startHandler)
    }

    @Test func ignoresEventsAfterClosing() {
        var m = ConnectionStateMachine(timeouts: timeouts)
        _ = m.opened(now: at(0))
        _ = m.close()
        #expect(m.bytesReceived(now: at(1)) == .none)
        #expect(m.responseReady(now: at(1)) == .none)
        #expect(m.close() == .none)
    }
}
