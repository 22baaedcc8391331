/// What an envelope carries (Docs/exchange-protocol.md, "Message types").
public enum MessageType: String, Sendable, CaseIterable {
    /// Released declarations in the agreed categories, answering a pull.
    case manifestBatch = "manifest_batch"
    /// One declaration: a truck the sender's side expects at the border.
    case declaration
    /// The receiver stored a message durably: non-repudiation of receipt.
    case receipt
    /// The receiver refused a message, and why.
    case error
}
