import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with posix_spawn and reaped with waitpid.
///
/// Foundation's `Process.waitUntilExit()` was seen to hang forever in this test suite (the
/// child already a zombie, never reaped) when several tests start processes at once; a hung
/// test would stall CI, so tests start processes through this instead.
public final class Subprocess: @unchecked Sendable {
    public let pid: pid_t
    private var exitStatus: Int32?
    private let lock = NSLock()

    /// Starts `executable` with `arguments`, the current environment plus `environment`, in
    /// `directory`. stdout and stderr go to the given descriptors (or /dev/null).
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                directory: String? = nil, stdout: Int32? = nil, stderr: Int32? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let stdout { posix_spawn_file_actions_adddup2(&actions, stdout, 1) } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        if let stderr { posix_spawn_file_actions_adddup2(&actions, stderr, 2) } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        // glibc's addchdir_np is not visible to Swift; a shell changes directory, then execs.
        let command = directory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0, executable] + arguments }
            ?? [executable] + arguments
        let argv = command.map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        spawnLock.lock()
        defer { spawnLock.unlock() }
        let result = posix_spawnp(&child, command[0], &actions, nil, argv, envp)
        guard result == 0 else {
            throw SubprocessError(message: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        pid = child
    }

    deinit {
        if isRunning {
            kill(pid, SIGKILL)
            _ = wait()
        }
    }

    /// Whether the child is still running (reaps it when it has exited).
    public var isRunning: Bool {
        lock.withLock {
            if exitStatus != nil { return false }
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { exitStatus = Self.decode(status); return false }
            return reaped == 0
        }
    }

    /// Blocks until the child exits; its exit status, or 128 + the signal that ended it.
    @discardableResult
    public func wait() -> Int32 {
        lock.withLock {
            if let exitStatus { return exitStatus }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            let decoded = Self.decode(status)
            exitStatus = decoded
            return decoded
        }
    }

    public func signal(_ number: Int32) {
        kill(pid, number)
    }

    private static func decode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

/// Makes a pipe whose ends close on exec, under one lock with every spawn of this file, so a
/// child started concurrently never inherits another child's pipe (it would keep it open and the
/// reader would never see EOF). pipe2 with O_CLOEXEC is not visible to Swift on glibc.
func makePipe() throws -> (read: Int32, write: Int32) {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw SubprocessError(message: "pipe: \(String(cString: strerror(errno)))") }
    _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
    _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
    return (fds[0], fds[1])
}

let spawnLock = NSLock()

public struct SubprocessError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// A finished child process's status and output.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

/// Runs a program to completion, collecting stdout and stderr.
public func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String] = [:],
                       currentDirectory: URL? = nil) throws -> ProcessResult {
    try runProcess(executable.path, arguments, environment: environment, currentDirectory: currentDirectory)
}

/// Runs a program (a path, or a name looked up in PATH) to completion, collecting its output.
public func runProcess(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                       currentDirectory: URL? = nil) throws -> ProcessResult {
    spawnLock.lock()
    let pipes: ((read: Int32, write: Int32), (read: Int32, write: Int32))
    do {
        pipes = (try makePipe(), try makePipe())
    } catch {
        spawnLock.unlock()
        throw error
    }
    spawnLock.unlock()
    let outPipe = [pipes.0.read, pipes.0.write], errPipe = [pipes.1.read, pipes.1.write]
    let child: Subprocess
    do {
        child = try Subprocess(executable, arguments, environment: environment, directory: currentDirectory?.path,
                               stdout: outPipe[1], stderr: errPipe[1])
    } catch {
        outPipe.forEach { close($0) }
        errPipe.forEach { close($0) }
        throw error
    }
    close(outPipe[1])
    close(errPipe[1])
    // Read both pipes until EOF, so a chatty child never blocks on a full one.
    var out = [UInt8](), err = [UInt8]()
    var fds = [pollfd(fd: outPipe[0], events: Int16(POLLIN), revents: 0), pollfd(fd: errPipe[0], events: Int16(POLLIN), revents: 0)]
    var open = 2
    var buffer = [UInt8](repeating: 0, count: 65536)
    while open > 0 {
        guard poll(&fds, 2, -1) > 0 else { if errno == EINTR { continue }; break }
        for index in 0..<2 where fds[index].fd >= 0 && fds[index].revents != 0 {
            let count = buffer.withUnsafeMutableBytes { read(fds[index].fd, $0.baseAddress, $0.count) }
            if count > 0 {
                if index == 0 { out += buffer[0..<count] } else { err += buffer[0..<count] }
            } else if count == 0 || errno != EINTR {
                close(fds[index].fd)
                fds[index].fd = -1
                open -= 1
            }
        }
    }
    let status = child.wait()
    return ProcessResult(status: status, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
}
