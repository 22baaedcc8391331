import Testing
import TLS
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The session over real non-blocking sockets, the way the HTTP server carries it: a poll()
/// loop, ciphertext kept by the caller when the socket takes only part of it (EAGAIN, short
/// writes), and waiting for POLLOUT before writing again.
@Suite struct TLSSocketTests {
    /// One side of the connection: its socket, its session and the bytes in flight.
    final class Endpoint {
        let fd: Int32
        let session: TLSSession
        /// Ciphertext already drained from the session that the socket has not taken yet.
        var outbound: [UInt8] = []
        var outboundOffset = 0
        /// Plaintext this side still has to write, and how much of it is written.
        var toSend: [UInt8] = []
        var sendOffset = 0
        var received: [UInt8] = []
        var receivedClose = false
        var sentClose = false
        var socketEOF = false
        var wouldBlockCount = 0
        var shortWriteCount = 0

        init(fd: Int32, session: TLSSession) {
            self.fd = fd
            self.session = session
        }

        var wantsToWrite: Bool { outboundOffset < outbound.count || session.hasPendingCiphertext }

        /// Writes pending ciphertext until the socket refuses more.
        func flush() throws {
            while true {
                if outboundOffset == outbound.count {
                    outbound = session.drainCiphertext()
                    outboundOffset = 0
                    if outbound.isEmpty { return }
                }
                let remaining = outbound.count - outboundOffset
                let sent = outbound.withUnsafeBytes { send(fd, $0.baseAddress! + outboundOffset, remaining, Int32(MSG_NOSIGNAL)) }
                if sent < 0 {
                    if errno == EAGAIN || errno == EWOULDBLOCK { wouldBlockCount += 1; return }
                    if errno == EINTR { continue }
                    throw SocketFailure(call: "send", errno: errno)
                }
                if sent < remaining { shortWriteCount += 1 }
                outboundOffset += sent
            }
        }

        /// Reads whatever the socket has and feeds it to the session.
        func fill() throws {
            var buffer = [UInt8](repeating: 0, count: 8192)
            while !socketEOF {
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count > 0 {
                    buffer[..<count].withUnsafeBytes { session.feed(ciphertext: $0) }
                } else if count == 0 {
                    socketEOF = true
                    session.feedEndOfCiphertext()
                } else if errno == EAGAIN || errno == EWOULDBLOCK {
                    return
                } else if errno != EINTR {
                    throw SocketFailure(call: "recv", errno: errno)
                }
            }
        }

        /// Handshake, then plaintext in; returns the plaintext that arrived.
        func process() throws -> [UInt8] {
            guard try session.handshake() else { return [] }
            var arrived: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 8192)
            reading: while !receivedClose {
                switch try buffer.withUnsafeMutableBytes({ try session.readPlaintext(into: $0) }) {
                case .bytes(let count): arrived += buffer[..<count]
                case .wantMoreCiphertext: break reading
                case .closed: receivedClose = true
                }
            }
            received += arrived
            return arrived
        }

        /// Encrypts more plaintext, but only while little ciphertext is waiting: back-pressure.
        func writeMore() throws {
            while session.isHandshakeComplete, !sentClose, sendOffset < toSend.count,
                  session.pendingCiphertextCount + (outbound.count - outboundOffset) < 32 * 1024 {
                let count = min(16 * 1024, toSend.count - sendOffset)
                try toSend[sendOffset..<(sendOffset + count)].withUnsafeBytes { try session.write(plaintext: $0) }
                sendOffset += count
            }
        }
    }

    struct SocketFailure: Error, CustomStringConvertible {
        let call: String
        let errno: Int32
        var description: String { "\(call): \(String(cString: strerror(errno)))" }
    }

    static func makeNonBlockingPair(sendBuffer: Int32) throws -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        #if canImport(Glibc)
        let type = Int32(SOCK_STREAM.rawValue)
        #else
        let type = SOCK_STREAM
        #endif
        guard socketpair(AF_UNIX, type, 0, &fds) == 0 else { throw SocketFailure(call: "socketpair", errno: errno) }
        for fd in fds {
            var size = sendBuffer
            guard setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
                throw SocketFailure(call: "setsockopt", errno: errno)
            }
            let flags = fcntl(fd, F_GETFL)
            guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else {
                throw SocketFailure(call: "fcntl", errno: errno)
            }
        }
        return (fds[0], fds[1])
    }

    @Test func aMutualTLSEchoWorksOverNonBlockingSocketsThatTakeOnlyPartialWrites() throws {
        let pki = try TestPKI.shared()
        let serverContext = try TLSContext(serverCertificateFile: pki.serverCertificate, privateKeyFile: pki.serverKey,
                                           clientCertificates: .required(caFile: pki.caFile))
        let clientContext = try TLSContext(clientTrusting: pki.caFile, certificateFile: pki.clientCertificate,
                                           privateKeyFile: pki.clientKey)
        let (clientFD, serverFD) = try Self.makeNonBlockingPair(sendBuffer: 2048)
        defer { _ = Glibc.close(clientFD); _ = Glibc.close(serverFD) }

        let client = Endpoint(fd: clientFD, session: try TLSSession(context: clientContext, serverName: "localhost"))
        let server = Endpoint(fd: serverFD, session: try TLSSession(context: serverContext))
        let payload = (0..<(512 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        client.toSend = payload

        let deadline = ContinuousClock.now + .seconds(30)
        // Runs until the client has its echo back, has closed, and has seen the server's close.
        while !(client.receivedClose && !client.wantsToWrite && !server.wantsToWrite) {
            try #require(ContinuousClock.now < deadline, "echo did not finish in time")
            var fds = [client, server].map {
                pollfd(fd: $0.fd, events: Int16(POLLIN) | ($0.wantsToWrite ? Int16(POLLOUT) : 0), revents: 0)
            }
            guard poll(&fds, nfds_t(fds.count), 1000) >= 0 || errno == EINTR else {
                throw SocketFailure(call: "poll", errno: errno)
            }
            for endpoint in [client, server] {
                try endpoint.fill()
                let arrived = try endpoint.process()
                if endpoint === server {
                    server.toSend += arrived  // echo
                    if server.receivedClose && !server.sentClose && server.sendOffset == server.toSend.count {
                        server.session.close()
                        server.sentClose = true
                    }
                } else if client.received.count == payload.count && !client.sentClose {
                    client.session.close()
                    client.sentClose = true
                }
                try endpoint.writeMore()
                try endpoint.flush()
            }
        }

        #expect(client.received == payload)
        #expect(server.received == payload)
        #expect(server.session.peerCertificate?.subject == TestPKI.clientSubject)
        #expect(client.session.negotiatedVersion == "TLSv1.3")
        // The point of the exercise: the sockets really did push back.
        #expect(client.wouldBlockCount + client.shortWriteCount > 0)
        #expect(server.wouldBlockCount + server.shortWriteCount > 0)
    }
}
