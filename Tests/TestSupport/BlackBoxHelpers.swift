// Small helpers the black-box test targets share: polling for another process, dates at the
// crossing, a free local port.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Polls until `condition` holds or `seconds` pass: for effects another process makes (a reload, a
/// delivery). A throwing condition counts as not yet.
public func eventually(_ seconds: Double = 20, _ condition: () throws -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if (try? condition()) == true { return true }
        Thread.sleep(forTimeInterval: 0.05)
    }
    return (try? condition()) == true
}

/// The date at the crossing (Asia/Ho_Chi_Minh) `days` from now, `YYYY-MM-DD`: declarations in the
/// black-box tests are dated relative to it, as the daemon validates them against it.
public func vietnamDate(offset days: Int = 0) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
    let date = calendar.date(byAdding: .day, value: days, to: Date())!
    let parts = calendar.dateComponents([.year, .month, .day], from: date)
    return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
}

/// A port on 127.0.0.1 with nothing listening: bound to port 0, read, and closed again. (Another
/// process could take it in between; the tests that use it start their listener at once.)
public func freeLocalPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}
