import Foundation
import Logging
@testable import HTTPServer

/// Starts a server on an ephemeral port for a test and stops it afterwards.
func withServer<T>(router: Router, configure: (inout ServerConfiguration) -> Void = { _ in },
                   _ body: (HTTPServer, Int) throws -> T) throws -> T {
    var config = ServerConfiguration(host: "127.0.0.1", port: 0, workerCount: 4, ioThreadCount: 1)
    configure(&config)
    var logger = Logger(label: "test.http")
    logger.logLevel = .warning
    let server = try HTTPServer(configuration: config, router: router, logger: logger)
    let port = try server.start()
    defer { server.shutdown(deadline: .seconds(2)) }
    return try body(server, port)
}

/// A blocking TCP client for tests: raw bytes in, raw bytes out.
final class RawClient {
    let fd: Int32

    init(port: Int, receiveTimeout: Double = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { throw SocketError(operation: "connect", errno: errno) }
        var tv = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int32((receiveTimeout - Double(Int(receiveTimeout))) * 1e6).toSuseconds)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(fd) }

    func send(_ s: String) { send(Array(s.utf8)) }

    func send(_ bytes: [UInt8]) {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            off += n
        }
    }

    /// Reads until `count` complete responses arrived, the peer closed, or the timeout hit.
    func readResponses(_ count: Int, headRequests: Int = 0) -> [TestResponse] {
        var data: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let parsed = TestResponse.parseAll(data, headCount: headRequests)
            if parsed.count >= count { return parsed }
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return parsed }
            data.append(contentsOf: buf[0..<n])
        }
    }

    /// True when the server has closed the connection (read returns 0 or reset) within the timeout.
    func isClosedByPeer() -> Bool {
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return true }
            if n < 0 { return errno == ECONNRESET }
        }
    }
}

private extension Int32 {
    var toSuseconds: Int { Int(self) }
}

/// A parsed response (test side; deliberately independent of the server's code).
struct TestResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    var text: String { String(decoding: body, as: UTF8.self) }

    static func parseAll(_ data: [UInt8], headCount: Int = 0) -> [TestResponse] {
        var out: [TestResponse] = []
        var pos = 0
        let bytes = data
        while pos < bytes.count {
            guard let headEnd = find(bytes, Array("\r\n\r\n".utf8), from: pos) else { break }
            let head = String(decoding: bytes[pos..<headEnd], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let statusLine = lines.removeFirst()
            let status = Int(statusLine.split(separator: " ")[1]) ?? 0
            let headers = lines.compactMap { l -> (String, String)? in
                guard let c = l.firstIndex(of: ":") else { return nil }
                return (String(l[..<c]), l[l.index(after: c)...].trimmingCharacters(in: .whitespaces))
            }
            var r = TestResponse(status: status, headers: headers, body: [])
            var p = headEnd + 4
            if status < 200 { pos = p; continue }
            let isHead = out.count < headCount
            if isHead || status == 204 || status == 304 {
            } else if r.header("Transfer-Encoding")?.lowercased() == "chunked" {
                var body: [UInt8] = []
                while true {
                    guard let le = find(bytes, [13, 10], from: p) else { return out }
                    let size = Int(String(decoding: bytes[p..<le], as: UTF8.self), radix: 16) ?? 0
                    p = le + 2
                    if size == 0 { p += 2; break }
                    guard p + size + 2 <= bytes.count else { return out }
                    body.append(contentsOf: bytes[p..<(p + size)])
                    p += size + 2
                }
                r.body = body
            } else if let cl = r.header("Content-Length").flatMap({ Int($0) }) {
                guard p + cl <= bytes.count else { return out }
                r.body = Array(bytes[p..<(p + cl)])
                p += cl
            }
            out.append(r)
            pos = p
        }
        return out
    }

    private static func find(_ h: [UInt8], _ n: [UInt8], from: Int) -> Int? {
        guard h.count >= n.count else { return nil }
        var i = from
        while i + n.count <= h.count {
            if h[i] == n[0] && Array(h[i..<(i + n.count)]) == n { return i }
            i += 1
        }
        return nil
    }
}
