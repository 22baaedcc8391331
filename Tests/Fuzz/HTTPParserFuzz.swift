// libFuzzer target for the request parser (built alone with the stdlib-only Parser/*.swift files,
// see build.sh). Not just "does not crash": it checks invariants the server relies on.
//
// 1. Incrementality: parsing the input whole, split in two at a point chosen by the input, and
//    (for short inputs) one byte at a time gives the same messages, bodies and verdict.
// 2. Framing: a message parsed with Content-Length n has a body of exactly n bytes.
// 3. Limits: with small limits, no accepted head exceeds them.

@_cdecl("LLVMFuzzerTestOneInput")
public func httpParserFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 1 else { return 0 }
    let control = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let small = control & 1 == 1
    let limits = small ? HTTPParserLimits(maxTargetLength: 64, maxHeaderSectionBytes: 512, maxFieldCount: 8)
                       : HTTPParserLimits()
    let maxBody = small ? 64 : 1 << 20

    let whole = HTTPRequestParser.collect(bytes, maxBodyBytes: maxBody, limits: limits)
    let split = max(1, Int(control >> 1) % max(1, bytes.count))
    let halves = HTTPRequestParser.collect(bytes, pieceSizes: [split, bytes.count], maxBodyBytes: maxBody, limits: limits)
    check(whole, halves, "split at \(split)")
    if bytes.count <= 2048 {
        let byByte = HTTPRequestParser.collect(bytes, pieceSizes: [1], maxBodyBytes: maxBody, limits: limits)
        check(whole, byByte, "byte by byte")
    }
    for m in whole.messages {
        switch m.head.framing {
        case .contentLength(let n):
            precondition(m.body.count == n, "Content-Length \(n) but body of \(m.body.count) bytes")
        case .none:
            precondition(m.body.isEmpty, "no framing but a body of \(m.body.count) bytes")
        case .chunked:
            precondition(m.body.count <= maxBody, "chunked body over the limit")
        }
        precondition(m.head.target.utf8.count <= limits.maxTargetLength, "target over the limit")
        precondition(m.head.headers.count <= limits.maxFieldCount, "too many fields accepted")
        precondition(m.head.headers.count == 0 || m.head.version.major == 1, "odd version accepted")
    }
    return 0
}

private func check(_ a: HTTPRequestParser.CollectedResult, _ b: HTTPRequestParser.CollectedResult, _ how: String) {
    precondition(a.error == b.error, "verdict differs (\(how)): \(String(describing: a.error)) vs \(String(describing: b.error))")
    precondition(a.messages.count == b.messages.count, "message count differs (\(how))")
    for (x, y) in zip(a.messages, b.messages) {
        precondition(x.body == y.body, "body differs (\(how))")
        precondition(x.head.method == y.head.method && x.head.target == y.head.target, "request line differs (\(how))")
        precondition(x.head.headers.count == y.head.headers.count, "field count differs (\(how))")
        precondition(x.head.framing == y.head.framing && x.head.keepAlive == y.head.keepAlive, "framing differs (\(how))")
    }
    if a.error == nil { precondition(a.leftover == b.leftover, "leftover differs (\(how))") }
}
