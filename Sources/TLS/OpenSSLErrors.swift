import COpenSSL

/// OpenSSL keeps errors in a per-thread queue. Every call into `SSL_*` is preceded by `clear()`
/// so a stale entry left by another connection on the same thread can never be reported as ours,
/// and every failure is followed by `drain()` so the queue is empty again afterwards.
/// Public so the Signatures module reports OpenSSL's errors the same way.
public enum OpenSSLErrors {
    /// One entry of the queue, e.g. "error:0A000086:SSL routines::certificate verify failed".
    public struct Entry: Sendable {
        public let code: UInt
        public let text: String

        /// The reason part of the packed error code (ERR_GET_REASON, an inline function in 3.x).
        var reason: Int32 { ERR_GET_REASON(UInt(code)) }
    }

    public static func clear() {
        ERR_clear_error()
    }

    /// Empties the thread's error queue, oldest first, with any extra data OpenSSL attached
    /// (often the file name or the expected PEM header).
    public static func drain() -> [Entry] {
        var entries: [Entry] = []
        while true {
            var data: UnsafePointer<CChar>? = nil
            var flags: Int32 = 0
            let code = ERR_get_error_all(nil, nil, nil, &data, &flags)
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            var text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if flags & ERR_TXT_STRING != 0, let data, data.pointee != 0 {
                text += " (\(String(cString: data)))"
            }
            entries.append(Entry(code: code, text: text))
        }
        return entries
    }
}
