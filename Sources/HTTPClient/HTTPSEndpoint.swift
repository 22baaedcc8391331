/// `https://host:port` (or `https://[v6]:port`, port 443 when left out) as a host and a port: how
/// partner nodes are configured (`smartgate partner add --url`, `nanning-peer --gateway-url`).
public struct HTTPSEndpoint: Sendable, Equatable {
    public let host: String
    public let port: Int

    public init?(url: String) {
        guard url.hasPrefix("https://") else { return nil }
        var rest = url.dropFirst("https://".count)
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.isEmpty {
                port = 443
            } else {
                guard after.first == ":", let value = Int(after.dropFirst()) else { return nil }
                port = value
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            guard let value = Int(rest[rest.index(after: colon)...]) else { return nil }
            port = value
        } else {
            host = String(rest)
            port = 443
        }
        guard !host.isEmpty, (1...65535).contains(port) else { return nil }
    }
}
