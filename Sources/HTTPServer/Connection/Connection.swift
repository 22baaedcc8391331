import TLS

/// One client connection. Owned by one I/O loop and touched only on that loop's thread, so it
/// needs no locks. Buffers are lazy: an idle keep-alive connection holds no byte arrays, which
/// is what keeps 10,000 idle connections small.
final class Connection {
    let fd: Int32
    /// Distinguishes this connection from a later one that reuses the same fd number.
    let generation: UInt32
    let peer: String
    var machine: ConnectionStateMachine
    var parser: HTTPRequestParser

    /// The connection-type switch (plain or TLS between the socket and the parser), in the
    /// spirit of redis's connection table: nil means plain.
    var tls: TLSSession?
    var peerCertificate: PeerCertificate?

    /// Edge-triggered epoll: the socket may have more bytes (we stop reading while a request is
    /// being handled and come back to it later without waiting for a new edge).
    var readable = false
    var inputClosed = false

    /// Unconsumed request bytes (a partial head, or pipelined requests waiting their turn).
    var inbound: [UInt8] = []
    /// Set when `inbound` holds bytes the parser should look at again.
    var inboundDirty = false
    /// Response bytes the socket has not taken yet.
    var outbound: [UInt8] = []
    var outboundOffset = 0
    /// A final response is queued; its complete delivery ends the exchange.
    var responsePending = false

    // The request being read or handled.
    var head: HTTPRequestHead?
    var match: Router.Match?
    var body: [UInt8] = []
    var exchange: ExchangeRecord?

    /// After the last response with `Connection: close`: write side shut, reading and discarding
    /// until the client closes or this deadline passes (so unread input does not turn our close
    /// into a reset that destroys the response in flight).
    var lingerDeadline: MonotonicTime?
    var lingerBytes = 0
    /// When the first byte of the current request arrived (for the logged duration).
    var requestStart = MonotonicTime(nanoseconds: 0)
    var isClosed = false

    init(fd: Int32, generation: UInt32, peer: String, timeouts: ConnectionTimeouts, limits: HTTPParserLimits, tls: TLSSession?) {
        self.fd = fd
        self.generation = generation
        self.peer = peer
        self.machine = ConnectionStateMachine(timeouts: timeouts)
        self.parser = HTTPRequestParser(limits: limits)
        self.tls = tls
    }

    var token: UInt64 { UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd)) }

    /// Whether bytes from the socket should be read and parsed now.
    var acceptsInput: Bool {
        switch machine.state {
        case .idle, .readingHead, .readingBody: return lingerDeadline == nil
        default: return false
        }
    }
}

/// What the access log and the observer need about the request being served.
struct ExchangeRecord {
    var method: String
    var path: String
    var requestID: String
    var routePattern: String
    var start: MonotonicTime
    var isHead: Bool
    var keepAlive: Bool
    var isHTTP10: Bool
    var acceptsGzip: Bool
}
