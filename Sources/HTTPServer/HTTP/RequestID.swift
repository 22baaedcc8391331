import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Request ids: the client's `X-Request-Id` when it is sane, else a fresh one.
enum RequestID {
    private static let counter = Atomic<UInt64>(0)
    /// Random per process so ids from restarts do not collide.
    private static let prefix: String = {
        var r = SystemRandomNumberGenerator()
        let v = r.next() as UInt64
        return String(v & 0xFFFF_FFFF, radix: 16).leftPadded(8)
    }()

    /// 1...128 characters of [A-Za-z0-9._-]: safe to log and to echo in a header.
    static func isSane(_ s: String) -> Bool {
        let u = s.utf8
        guard !u.isEmpty, u.count <= 128 else { return false }
        return u.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
        }
    }

    static func make() -> String {
        let n = counter.wrappingAdd(1, ordering: .relaxed).newValue
        return prefix + "-" + String(n, radix: 16).leftPadded(10)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
