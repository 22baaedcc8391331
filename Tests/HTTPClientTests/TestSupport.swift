import Foundation
import Logging
import TestSupport
import HTTPServer

// Helpers for the client tests: our own HTTPServer in-process (as Tests/HTTPServerTests does),
// a raw socket server for misbehaving peers, and certificates made with the openssl command line.

/// Starts a server on an ephemeral port for a test and stops it afterwards.
@discardableResult
func withServer<T>(router: Router, configure: (inout ServerConfiguration) -> Void = { _ in },
                   _ body: (HTTPServer, Int) throws -> T) throws -> T {
    var config = ServerConfiguration(host: "127.0.0.1", port: 0, workerCount: 4, ioThreadCount: 1)
    configure(&config)
    var logger = Logger(label: "test.http-client")
    logger.logLevel = .critical
    let server = try HTTPServer(configuration: config, router: router, logger: logger)
    let port = try server.start()
    defer { server.shutdown(deadline: .seconds(2)) }
    return try body(server, port)
}

struct TestSocketError: Error, CustomStringConvertible {
    let operation: String
    let code: Int32
    var description: String { "\(operation): \(String(cString: strerror(code)))" }
}

/// A listening socket on 127.0.0.1 whose accepted connections are handed to `handler` on a
/// thread of their own (closed when it returns): a peer that misbehaves on purpose.
final class RawServer: @unchecked Sendable {
    let fd: Int32
    let port: Int

    init(handler: @escaping @Sendable (Int32) -> Void) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0, listen(fd, 16) == 0 else { throw TestSocketError(operation: "bind/listen", code: errno) }
        self.fd = fd
        port = Self.boundPort(fd)
        let listener = fd
        Thread {
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 { return }  // shut down
                Thread {
                    handler(client)
                    close(client)
                }.start()
            }
        }.start()
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))  // wakes the accept
        close(fd)
    }

    static func boundPort(_ fd: Int32) -> Int {
        var addr = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Reads until the end of a request head (good enough for bodiless test requests).
    static func readHead(_ fd: Int32) {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !data.ends(with: Array("\r\n\r\n".utf8)) {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return }
            data.append(contentsOf: buffer[0..<n])
        }
    }

    static func write(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads and discards until the peer closes.
    static func drainUntilClosed(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while buffer.withUnsafeMutableBytes({ recv(fd, $0.baseAddress, $0.count, 0) }) > 0 {}
    }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}

/// A trusted CA with a server certificate for 127.0.0.1 and a client certificate, and a second,
/// untrusted CA with its own server certificate for 127.0.0.1: all in a temp directory.
struct Certificates {
    let dir: URL
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    var ca: String { path("ca.pem") }
    var serverCert: String { path("server.pem") }
    var serverKey: String { path("server.key") }
    var clientCert: String { path("client.pem") }
    var clientKey: String { path("client.key") }
    var rogueServerCert: String { path("rogue-server.pem") }
    var rogueServerKey: String { path("rogue-server.key") }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("smartgate-client-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let script = """
            set -e
            key() { openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "$@" 2>/dev/null; }
            key -x509 -days 2 -subj "/CN=Test CA" -keyout ca.key -out ca.pem
            key -x509 -days 2 -subj "/CN=Rogue CA" -keyout rogue-ca.key -out rogue-ca.pem
            printf 'subjectAltName=IP:127.0.0.1\\n' > server.ext
            key -subj "/CN=127.0.0.1" -keyout server.key -out server.csr
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.pem 2>/dev/null
            key -subj "/CN=127.0.0.1" -keyout rogue-server.key -out rogue-server.csr
            openssl x509 -req -in rogue-server.csr -CA rogue-ca.pem -CAkey rogue-ca.key -CAcreateserial -days 2 -extfile server.ext -out rogue-server.pem 2>/dev/null
            printf 'extendedKeyUsage=clientAuth\\n' > client.ext
            key -subj "/O=Nanning Customs/CN=partner-node" -keyout client.key -out client.csr
            openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile client.ext -out client.pem 2>/dev/null
            """
        let result = try runProcess("/bin/sh", ["-c", script], currentDirectory: dir)
        guard result.status == 0 else { throw TestSocketError(operation: "openssl: \(result.stderr)", code: 0) }
    }

    /// `openssl x509 -fingerprint -sha256` of a PEM file, as lowercase hex without colons.
    func fingerprint(_ pem: String) throws -> String {
        let out = try runProcess("/usr/bin/openssl", ["x509", "-in", pem, "-noout", "-fingerprint", "-sha256"]).stdout
        return (out.split(separator: "=").last ?? "").replacingOccurrences(of: ":", with: "")
            .trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
