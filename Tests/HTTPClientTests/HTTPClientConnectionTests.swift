import Foundation
import Testing
import TestSupport
import HTTPClient
import HTTPServer

/// The client over plain TCP against our own server, and against raw sockets that misbehave.
@Suite struct HTTPClientConnectionTests {
    static func router() -> Router {
        var router = Router()
        router.get("/hello", blocking: false) { _ in HTTPResponse(status: .ok, text: "hello, Nanning") }
        router.get("/peer", blocking: false) { r in HTTPResponse(status: .ok, text: "\(r.peerAddress) \(r.query["n"] ?? "")") }
        router.post("/echo", bodyLimit: 8 << 20) { r in
            var headers = HTTPFields([("Content-Type", "application/octet-stream")])
            headers.append(name: "X-Request-Content-Length", value: r.headers["Content-Length"] ?? "none")
            headers.append(name: "X-Request-Host", value: r.headers["Host"] ?? "none")
            return HTTPResponse(status: .ok, headers: headers, body: r.body)
        }
        router.get("/stream") { _ in
            HTTPResponse(status: .ok, stream: { writer in
                for i in 0..<200 { writer.write("manifest line \(i)\n") }
            })
        }
        return router
    }

    static let streamedText = (0..<200).map { "manifest line \($0)\n" }.joined()

    @Test func getRoundTripsOverPlainHTTP() throws {
        try withServer(router: Self.router()) { _, port in
            let connection = try HTTPClientConnection(host: "127.0.0.1", port: port, tls: nil)
            let response = try connection.send(HTTPClientRequest(path: "/hello"))
            #expect(response.status == 200)
            #expect(response.header("content-type") == "text/plain; charset=utf-8")
            #expect(String(decoding: response.body, as: UTF8.self) == "hello, Nanning")
            #expect(connection.isReusable)
            #expect(connection.peerCertificate == nil)
        }
    }

    @Test func postSendsTheBodyWithContentLengthAndHost() throws {
        try withServer(router: Self.router()) { _, port in
            let connection = try HTTPClientConnection(host: "127.0.0.1", port: port, tls: nil)
            let body = Array("{\"declaration\":\"VN-2025-000123\"}".utf8)
            let response = try connection.send(HTTPClientRequest(method: "POST", path: "/echo",
                                                                 headers: [("Content-Type", "application/json")], body: body))
            #expect(response.status == 200)
            #expect(response.body == body)
            #expect(response.header("X-Request-Content-Length") == String(body.count))
            #expect(response.header("X-Request-Host") == "127.0.0.1:\(port)")
        }
    }

    @Test func postWithoutABodySendsContentLengthZero() throws {
        try withServer(router: Self.router()) { _, port in
            let connection = try HTTPClientConnection(host: "127.0.0.1", port: port, tls: nil)
            let response = try connection.send(HTTPClientRequest(method: "POST", path: "/echo"))
            #expect(response.status == 200)
            #expect(response.header("X-Request-Content-Length") == "0")
        }
    }

    @Test func postsALargeBodyIntact() throws {
        try withServer(router: Self.router()) { _, port in
            let connection = try HTTPClientConnection(host: "127.0.0.1", port: port, tls: nil)
            let body = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
            let response = try connection.send(HTTPClientRequest(method: "POST", path: "/echo", body: body))
            #expect(response.status == 200)
            #expect(response.body == body)
        }
    }

    @Test func tenRequestsShareOneKeepAliveConnection() throws {
        try withServer(router: Self.router()) { _, port in
            let connection = try HTTPClientConnection(host: "127.0.0.1", port: port, tls: nil)
            var peers: Set<String> = []
            for n in 0..<10 {
                let response = try connection.send(HTTPClientRequest(path: "/peer?n=\(n)"))
                let text = String(decoding: response.body, as: UTF8.self)
                #expect(text.hasSuffix(" \(n)"))
                peers.insert(String(text.split(separator: " ")[0]))
                #expect(connection.isReusable)
            }
            #expect(peers.count == 1, "the server saw \(peers.count) client ports")
        }
    }

    @Test func readsAStreamedChunkedResponseWholeAndKeepsTheConnection() throws {
        try withServer(router: Self.router()) { _, port in
            let connection = try HTTPClientConnection(host: "127.0.0.1", port: port, tls: nil)
            let response = try connection.send(HTTPClientRequest(path: "/stream"))
            #expect(response.status == 200)
            #expect(response.header("Transfer-Encoding")?.lowercased() == "chunked")
            #expect(String(decoding: response.body, as: UTF8.self) == Self.streamedText)
            #expect(connection.isReusable)
            #expect(try connection.send(HTTPClientRequest(path: "/hello")).status == 200)
        }
    }

    @Test func headResponsesHaveNoBodyAndTheConnectionStaysUsable() throws {
        try withServer(router: Self.router()) { _, port in
            let connection = try HTTPClientConnection(host: "127.0.0.1", port: port, tls: nil)
            let head = try connection.send(HTTPClientRequest(method: "HEAD", path: "/hello"))
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(String(decoding: try connection.send(HTTPClientRequest(path: "/hello")).body, as: UTF8.self) == "hello, Nanning")
        }
    }

    @Test func connectionCloseEndsReuse() throws {
        try withServer(router: Self.router()) { _, port in
            let connection = try HTTPClientConnection(host: "127.0.0.1", port: port, tls: nil)
            let response = try connection.send(HTTPClientRequest(path: "/hello", headers: [("Connection", "close")]))
            #expect(response.status == 200)
            #expect(!connection.isReusable)
            #expect {
                try connection.send(HTTPClientRequest(path: "/hello"))
            } throws: { error in
                guard case .connectionNotReusable = error as? HTTPClientError else { return false }
                return true
            }
        }
    }

    @Test func refusesHeaderInjectionBeforeSendingAnything() throws {
        try withServer(router: Self.router()) { _, port in
            let connection = try HTTPClientConnection(host: "127.0.0.1", port: port, tls: nil)
            for request in [HTTPClientRequest(path: "/hello", headers: [("X-A", "a\r\nX-Injected: 1")]),
                            HTTPClientRequest(path: "/hello HTTP/1.1\r\nX: y"),
                            HTTPClientRequest(path: "/hello", headers: [("Content-Length", "0")]),
                            HTTPClientRequest(method: "GE T", path: "/hello")] {
                #expect {
                    try connection.send(request)
                } throws: { error in
                    guard case .invalidRequest = error as? HTTPClientError else { return false }
                    return true
                }
            }
            // Nothing went out, so the connection is still good.
            #expect(connection.isReusable)
            #expect(try connection.send(HTTPClientRequest(path: "/hello")).status == 200)
        }
    }

    @Test func aConnectToAClosedPortIsAConnectError() {
        let port = freeLocalPort()
        #expect {
            _ = try HTTPClientConnection(host: "127.0.0.1", port: port, tls: nil, timeout: .seconds(2))
        } throws: { error in
            guard case .connectFailed(let address, let code, let message) = error as? HTTPClientError else { return false }
            return address == "127.0.0.1:\(port)" && code == ECONNREFUSED && message == "Connection refused"
        }
    }

    @Test func anUnknownHostIsAResolutionError() {
        #expect {
            _ = try HTTPClientConnection(host: "no-such-host.invalid", port: 80, tls: nil, timeout: .seconds(2))
        } throws: { error in
            guard case .resolutionFailed(let host, _) = error as? HTTPClientError else { return false }
            return host == "no-such-host.invalid"
        }
    }

    @Test func connectsOverIPv6WhenTheServerListensThere() throws {
        // Skipped quietly on machines without IPv6 loopback.
        guard (try? withServer(router: Self.router(), configure: { $0.host = "::1" }, { _, _ in })) != nil else { return }
        try withServer(router: Self.router(), configure: { $0.host = "::1" }) { _, port in
            let connection = try HTTPClientConnection(host: "::1", port: port, tls: nil)
            let response = try connection.send(HTTPClientRequest(method: "POST", path: "/echo"))
            #expect(response.header("X-Request-Host") == "[::1]:\(port)")
        }
    }

    @Test func aServerThatNeverAnswersTimesOutWithinRoughlyTheTimeout() throws {
        let server = try RawServer { fd in RawServer.drainUntilClosed(fd) }
        let connection = try HTTPClientConnection(host: "127.0.0.1", port: server.port, tls: nil, timeout: .milliseconds(500))
        let start = ContinuousClock.now
        #expect {
            try connection.send(HTTPClientRequest(path: "/manifests"))
        } throws: { error in
            guard case .timeout(let phase, _) = error as? HTTPClientError else { return false }
            return phase == .read
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(450) && elapsed < .seconds(3), "took \(elapsed)")
        #expect(!connection.isReusable)
    }

    @Test func aServerClosingMidResponseIsClosedBeforeResponse() throws {
        let server = try RawServer { fd in
            RawServer.readHead(fd)
            RawServer.write(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part")
        }
        let connection = try HTTPClientConnection(host: "127.0.0.1", port: server.port, tls: nil, timeout: .seconds(5))
        let start = ContinuousClock.now
        #expect {
            try connection.send(HTTPClientRequest(path: "/manifests"))
        } throws: { error in
            guard case .closedBeforeResponse = error as? HTTPClientError else { return false }
            return true
        }
        #expect(ContinuousClock.now - start < .seconds(3))
    }

    @Test func aServerClosingWithoutAnsweringIsClosedBeforeResponseWithNoBytes() throws {
        let server = try RawServer { fd in RawServer.readHead(fd) }
        let connection = try HTTPClientConnection(host: "127.0.0.1", port: server.port, tls: nil)
        #expect {
            try connection.send(HTTPClientRequest(path: "/manifests"))
        } throws: { error in
            guard case .closedBeforeResponse(let count) = error as? HTTPClientError else { return false }
            return count == 0
        }
    }

    @Test func aBodyReadUntilCloseIsReturnedAndEndsReuse() throws {
        let server = try RawServer { fd in
            RawServer.readHead(fd)
            RawServer.write(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nno length, read to the end")
        }
        let connection = try HTTPClientConnection(host: "127.0.0.1", port: server.port, tls: nil)
        let response = try connection.send(HTTPClientRequest(path: "/manifests"))
        #expect(String(decoding: response.body, as: UTF8.self) == "no length, read to the end")
        #expect(!connection.isReusable)
    }

    @Test func aMalformedResponseIsReportedAndEndsReuse() throws {
        let server = try RawServer { fd in
            RawServer.readHead(fd)
            RawServer.write(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc")
            RawServer.drainUntilClosed(fd)
        }
        let connection = try HTTPClientConnection(host: "127.0.0.1", port: server.port, tls: nil)
        #expect {
            try connection.send(HTTPClientRequest(path: "/manifests"))
        } throws: { error in
            guard case .malformedResponse(let why) = error as? HTTPClientError else { return false }
            return why.contains("Content-Length")
        }
        #expect(!connection.isReusable)
    }

    @Test func aResponseOverTheConfiguredLimitIsRefused() throws {
        try withServer(router: Self.router()) { _, port in
            let connection = try HTTPClientConnection(host: "127.0.0.1", port: port, tls: nil)
            connection.maximumResponseSize = 1000
            #expect {
                try connection.send(HTTPClientRequest(path: "/stream"))
            } throws: { error in
                guard case .responseTooLarge(let limit) = error as? HTTPClientError else { return false }
                return limit == 1000
            }
        }
    }
}
