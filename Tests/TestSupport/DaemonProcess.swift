import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real `smartgate serve` binary, started on a free port for black-box tests.
public final class DaemonProcess: @unchecked Sendable {
    public let child: Subprocess
    public private(set) var port = 0
    private let reader: Thread

    /// Starts the daemon with extra environment and waits until it logs that it is ready.
    public init(environment: [String: String], timeout: TimeInterval = 60) throws {
        // The test ruleset has no random selection, so every lane a test expects is certain.
        var env = ["SMARTGATE_HTTP_PORT": "0", "SMARTGATE_HTTP_HOST": "127.0.0.1", "SMARTGATE_PARTNER_PORT": "0",
                   "SMARTGATE_RISK_RULES_FILE": "Tests/Rulesets/test-rules.json"]
        for (key, value) in environment { env[key] = value }
        spawnLock.lock()
        let pipe = try? makePipe()
        spawnLock.unlock()
        guard let pipe else { throw SubprocessError(message: "pipe failed") }
        let fds = [pipe.read, pipe.write]
        do {
            child = try Subprocess(try Repository.smartgateBinary().path, ["serve"], environment: env,
                                   directory: Repository.root.path, stderr: fds[1])
        } catch {
            close(fds[0]); close(fds[1])
            throw error
        }
        close(fds[1])
        let readEnd = fds[0]
        let box = OutputBox()
        reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 16384)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                box.append(String(decoding: buffer[0..<count], as: UTF8.self))
            }
            close(readEnd)
        }
        outputBox = box
        reader.start()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let port = readyPort() {
                self.port = port
                return
            }
            if !child.isRunning {
                throw DaemonError.exited(status: child.wait(), log: log)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        child.signal(SIGKILL)
        child.wait()
        throw DaemonError.notReady(log: log)
    }

    private let outputBox: OutputBox

    deinit {
        if child.isRunning {
            child.signal(SIGKILL)
            child.wait()
        }
    }

    public var log: String { outputBox.text }

    public var isRunning: Bool { child.isRunning }

    private func readyPort() -> Int? {
        let text = log
        guard let line = text.split(separator: "\n").first(where: { $0.contains("SmartGate ready") }),
              let range = line.range(of: #"http=[^ ]*:(\d+)"#, options: .regularExpression)
        else { return nil }
        return Int(line[range].split(separator: ":").last!)
    }

    /// Sends a signal and waits for the process to exit; returns its status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 30) -> Int32 {
        child.signal(signal)
        let deadline = Date().addingTimeInterval(timeout)
        while child.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if child.isRunning { child.signal(SIGKILL) }
        return child.wait()
    }

    public enum DaemonError: Error, CustomStringConvertible {
        case exited(status: Int32, log: String)
        case notReady(log: String)
        public var description: String {
            switch self {
            case .exited(let status, let log): return "the daemon exited with status \(status):\n\(log)"
            case .notReady(let log): return "the daemon did not become ready:\n\(log)"
            }
        }
    }
}

final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value = ""
    func append(_ text: String) { lock.withLock { value += text } }
    var text: String { lock.withLock { value } }
}

/// A response as a black-box test sees it.
public struct HTTPTestResponse: Sendable {
    public let status: Int
    public let headers: [(String, String)]
    public let body: [UInt8]
    public var text: String { String(decoding: body, as: UTF8.self) }
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// One request over a fresh TCP connection with `Connection: close`, read to EOF. Independent of
/// our server code; a 30 s receive timeout keeps a broken server from hanging the suite.
public func httpRequest(port: Int, method: String = "GET", path: String, headers: [(String, String)] = [], body: [UInt8] = []) throws -> HTTPTestResponse {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw SubprocessError(message: "socket: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 30, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw SubprocessError(message: "connect to port \(port): \(String(cString: strerror(errno)))") }
    var head = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    if !body.isEmpty || method == "POST" || method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
    let request = Array((head + "\r\n").utf8) + body
    var sent = 0
    while sent < request.count {
        let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard n > 0 else { throw SubprocessError(message: "send: \(String(cString: strerror(errno)))") }
        sent += n
    }
    var received = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 && errno == EINTR { continue }
        guard n >= 0 else { throw SubprocessError(message: "recv: \(String(cString: strerror(errno)))") }
        if n == 0 { break }
        received += buffer[0..<n]
    }
    guard let split = received.indices.first(where: { i in i + 3 < received.count && received[i...i + 3].elementsEqual([13, 10, 13, 10]) }) else {
        throw SubprocessError(message: "no complete response: \(String(decoding: received, as: UTF8.self))")
    }
    let lines = String(decoding: received[..<split], as: UTF8.self).components(separatedBy: "\r\n")
    let statusParts = lines[0].split(separator: " ")
    guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
        throw SubprocessError(message: "bad status line: \(lines[0])")
    }
    let parsed: [(String, String)] = lines.dropFirst().compactMap { line in
        guard let colon = line.firstIndex(of: ":") else { return nil }
        return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }
    return HTTPTestResponse(status: status, headers: parsed, body: Array(received[(split + 4)...]))
}
