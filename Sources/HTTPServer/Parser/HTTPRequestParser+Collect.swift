// A whole-input driver over the incremental parser, used by the tests and the fuzz harness:
// it feeds bytes in pieces exactly as a connection does (keeping unconsumed bytes), and collects
// complete messages.

extension HTTPRequestParser {
    public struct CollectedMessage: Sendable {
        public var head: HTTPRequestHead
        public var body: [UInt8]
    }

    public struct CollectedResult: Sendable {
        public var messages: [CollectedMessage]
        public var error: HTTPParseError?
        /// Bytes of an incomplete message left at the end.
        public var leftover: Int
    }

    /// Parses `bytes`, delivered in pieces of at most `pieceSize` bytes (or split at `splits`).
    public static func collect(_ bytes: [UInt8], pieceSizes: [Int] = [], maxBodyBytes: Int = 1 << 20,
                               limits: HTTPParserLimits = HTTPParserLimits()) -> CollectedResult {
        var parser = HTTPRequestParser(limits: limits)
        var pending: [UInt8] = []
        var messages: [CollectedMessage] = []
        var current: CollectedMessage? = nil
        var offset = 0
        var pieceIndex = 0
        while true {
            // Deliver the next piece.
            let size = pieceSizes.isEmpty ? bytes.count : max(1, pieceSizes[pieceIndex % pieceSizes.count])
            pieceIndex += 1
            let end = min(bytes.count, offset + size)
            pending.append(contentsOf: bytes[offset..<end])
            offset = end
            // Parse as far as possible.
            while true {
                let (event, consumed) = pending.withUnsafeBufferPointer { parser.parse($0) }
                var bodyBytes: [UInt8] = []
                if case .body(let r) = event { bodyBytes = Array(pending[r]) }
                pending.removeFirst(consumed)
                switch event {
                case .needMoreData:
                    break
                case .head(let head):
                    current = CollectedMessage(head: head, body: [])
                    if let e = parser.beginBody(maxBodyBytes: maxBodyBytes) {
                        return CollectedResult(messages: messages, error: e, leftover: pending.count)
                    }
                    continue
                case .body:
                    current?.body.append(contentsOf: bodyBytes)
                    continue
                case .end:
                    if let m = current { messages.append(m) }
                    current = nil
                    continue
                case .error(let e):
                    return CollectedResult(messages: messages, error: e, leftover: pending.count)
                }
                break
            }
            if offset == bytes.count { return CollectedResult(messages: messages, error: nil, leftover: pending.count) }
        }
    }
}
