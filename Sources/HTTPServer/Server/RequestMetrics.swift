/// What the request observer learns about each completed request.
public struct RequestMetrics: Sendable {
    public var method: String
    /// The matched route pattern ("/v1/declarations/{id}") or "unmatched": bounded cardinality.
    public var route: String
    public var status: Int
    public var duration: Duration
    /// Body bytes sent (after compression).
    public var bytesSent: Int
}
