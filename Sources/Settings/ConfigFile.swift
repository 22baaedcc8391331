/// The config file format: one `key = value` per line, `#` starts a comment line, blank lines
/// are ignored, values are taken verbatim after trimming spaces (no quoting needed).
enum ConfigFile {
    struct Entry: Equatable {
        var key: String
        var value: String
        var line: Int
    }

    static func parse(_ text: String, path: String) throws -> [Entry] {
        var entries: [Entry] = []
        var seen: [String: Int] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let line = rawLine.trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigFileError(path: path, line: lineNumber, reason: "expected `key = value`, found \"\(line)\"")
            }
            let key = line[..<equals].trimmingSpaces()
            let value = line[line.index(after: equals)...].trimmingSpaces()
            guard !key.isEmpty, key.allSatisfy({ $0.isLowercase || $0 == "_" || $0.isNumber }) else {
                throw ConfigFileError(path: path, line: lineNumber, reason: "a setting name is lowercase letters, digits and _, found \"\(key)\"")
            }
            if let first = seen[key] {
                throw ConfigFileError(path: path, line: lineNumber, reason: "\(key) is set twice (first on line \(first))")
            }
            seen[key] = lineNumber
            entries.append(Entry(key: key, value: value, line: lineNumber))
        }
        return entries
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice.removeLast() }
        return String(slice)
    }
}
