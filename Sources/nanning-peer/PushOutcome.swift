import Customs

/// What the gateway answered one pushed declaration, after checking the answer's signature.
enum PushOutcome: Sendable {
    /// A signed receipt for exactly what we sent (kept in `--data`'s receipts.jsonl, not here:
    /// a push of thousands would hold every receipt's tree until its summary).
    case stored(lane: String, declarationID: String)
    /// A signed `replayed` error; `confirmed` when it carries the original receipt for our message.
    case replayed(confirmed: Bool)
    /// A signed error with this code (and HTTP status).
    case refused(code: String, status: Int, detail: String)
    /// An answer that is not a valid envelope signed by the gateway.
    case unverified(status: Int, why: String)
    /// No answer: the connection failed or timed out.
    case transport(String)
    /// The `--drop-rate` fault skipped it.
    case skipped

    /// The key it is counted under in push's summary.
    var code: String {
        switch self {
        case .stored: "stored"
        case .replayed: "replayed"
        case .refused(let code, _, _): code
        case .unverified: "unverified_answer"
        case .transport: "transport_error"
        case .skipped: "skipped"
        }
    }
}
