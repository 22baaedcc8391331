import Testing
import TLS
import COpenSSL

@Suite struct OpenSSLErrorQueueTests {
    /// Leaves a stale entry in this thread's OpenSSL error queue, as unrelated code might.
    static func leaveStaleError() {
        _ = BIO_new_file("/nonexistent/smartgate/stale.pem", "r")
        #expect(ERR_peek_error() != 0)
    }

    @Test func aStaleErrorOnTheThreadDoesNotTurnWantReadIntoAFailure() throws {
        let server = try TLSSession(context: TLSSessionTests.serverContext())
        Self.leaveStaleError()
        #expect(try server.handshake() == false)
        Self.leaveStaleError()
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(try buffer.withUnsafeMutableBytes { try server.readPlaintext(into: $0) } == .wantMoreCiphertext)
    }

    @Test func aStaleErrorOnTheThreadIsNotReportedAsPartOfAnotherFailure() throws {
        let server = try TLSSession(context: TLSSessionTests.serverContext())
        Array(repeating: UInt8(0x16), count: 40).withUnsafeBytes { server.feed(ciphertext: $0) }
        Self.leaveStaleError()
        let error = try #require(throws: TLSError.self) { try server.handshake() }
        #expect(!error.openSSLErrors.isEmpty)
        #expect(!error.openSSLErrors.contains { $0.contains("BIO") || $0.contains("No such file") })
        #expect(ERR_peek_error() == 0)  // the failure drained the queue
    }
}
