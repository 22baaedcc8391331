// Header (and trailer) fields as an ordered list of name/value pairs over one byte buffer.
//
// Why not a dictionary: a dictionary silently folds a second `Content-Length` or `Host` into the
// first, which is exactly the request-smuggling hole; the parser must see every line. Why one
// buffer: the parser copies the head once and records offsets, so a request costs two
// allocations (bytes and offsets) however many fields it has; strings are made only on lookup.

public struct HTTPFields: Sendable, Sequence, CustomStringConvertible {
    @usableFromInline
    struct Field: Sendable {
        var nameStart: Int32
        var nameEnd: Int32
        var valueStart: Int32
        var valueEnd: Int32
    }

    @usableFromInline var storage: [UInt8]
    @usableFromInline var fields: [Field]

    public init() {
        storage = []
        fields = []
    }

    /// Fields given as pairs, in order (response headers, tests).
    public init(_ pairs: [(String, String)]) {
        self.init()
        for (name, value) in pairs { append(name: name, value: value) }
    }

    init(storage: [UInt8], fields: [Field]) {
        self.storage = storage
        self.fields = fields
    }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    /// The first value of the field `name` (case-insensitive), or nil.
    public subscript(name: String) -> String? {
        guard let i = firstIndex(of: name) else { return nil }
        return value(at: i)
    }

    /// Every value of the field `name`, in order.
    public func values(for name: String) -> [String] {
        var out: [String] = []
        var name = name
        name.withUTF8 { n in
            for i in fields.indices where nameEquals(i, n) { out.append(value(at: i)) }
        }
        return out
    }

    public func contains(_ name: String) -> Bool { firstIndex(of: name) != nil }

    /// Appends a field. Bytes that would break the message framing (CR, LF, NUL) become spaces,
    /// so a handler cannot inject a header through a value.
    public mutating func append(name: String, value: String) {
        let nameStart = storage.count
        for b in name.utf8 { storage.append(CharacterClass.isToken(b, CharacterClass.table) ? b : UInt8(ascii: "-")) }
        let nameEnd = storage.count
        storage.append(UInt8(ascii: ":"))
        let valueStart = storage.count
        for b in value.utf8 { storage.append(b == 0x0D || b == 0x0A || b == 0 ? 0x20 : b) }
        fields.append(Field(nameStart: Int32(nameStart), nameEnd: Int32(nameEnd),
                            valueStart: Int32(valueStart), valueEnd: Int32(storage.count)))
    }

    /// Removes every field called `name`.
    public mutating func remove(name: String) {
        var name = name
        name.withUTF8 { n in
            fields.removeAll { f in Self.equalsIgnoringCase(storage, Int(f.nameStart), Int(f.nameEnd), n) }
        }
    }

    /// Replaces every field called `name` with one field.
    public mutating func set(name: String, value: String) {
        remove(name: name)
        append(name: name, value: value)
    }

    public func makeIterator() -> AnyIterator<(name: String, value: String)> {
        var i = 0
        return AnyIterator {
            guard i < fields.count else { return nil }
            defer { i += 1 }
            return (name: name(at: i), value: value(at: i))
        }
    }

    public var description: String {
        map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }

    // MARK: - Byte-level access (parser, serialiser)

    func name(at i: Int) -> String {
        let f = fields[i]
        return String(decoding: storage[Int(f.nameStart)..<Int(f.nameEnd)], as: UTF8.self)
    }

    func value(at i: Int) -> String {
        let f = fields[i]
        return String(decoding: storage[Int(f.valueStart)..<Int(f.valueEnd)], as: UTF8.self)
    }

    func firstIndex(of name: String) -> Int? {
        var name = name
        return name.withUTF8 { n in fields.indices.first { nameEquals($0, n) } }
    }

    func nameEquals(_ i: Int, _ n: UnsafeBufferPointer<UInt8>) -> Bool {
        let f = fields[i]
        return Self.equalsIgnoringCase(storage, Int(f.nameStart), Int(f.nameEnd), n)
    }

    /// Calls `body` with the value bytes of each field called `name` (lower-case ASCII expected).
    func forEachValue(named name: StaticString, _ body: (ArraySlice<UInt8>) -> Void) {
        let n = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        for i in fields.indices where nameEquals(i, n) {
            let f = fields[i]
            body(storage[Int(f.valueStart)..<Int(f.valueEnd)])
        }
    }

    /// Field names the server sets itself (framing and connection management): a handler's
    /// values for these are dropped rather than allowed to contradict the real framing.
    static let framingFieldNames: [StaticString] = ["content-length", "transfer-encoding", "connection", "date", "server"]

    /// Appends `name: value\r\n` for every field except those named in `skipping` (lower-case).
    func serialize(into out: inout [UInt8], skipping: [StaticString] = []) {
        storage.withUnsafeBufferPointer { s in
            for f in fields {
                let name = UnsafeBufferPointer(rebasing: s[Int(f.nameStart)..<Int(f.nameEnd)])
                if skipping.contains(where: { HTTPRequestParser.equalsLowercase(name, $0) }) { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: s[Int(f.nameStart)..<Int(f.nameEnd)]))
                out.append(UInt8(ascii: ":"))
                out.append(UInt8(ascii: " "))
                out.append(contentsOf: UnsafeBufferPointer(rebasing: s[Int(f.valueStart)..<Int(f.valueEnd)]))
                out.append(0x0D)
                out.append(0x0A)
            }
        }
    }

    @inline(__always)
    static func equalsIgnoringCase(_ s: [UInt8], _ start: Int, _ end: Int, _ n: UnsafeBufferPointer<UInt8>) -> Bool {
        guard end - start == n.count else { return false }
        var j = 0
        for k in start..<end {
            if CharacterClass.lower(s[k]) != CharacterClass.lower(n[j]) { return false }
            j += 1
        }
        return true
    }
}
