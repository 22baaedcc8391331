/// The outcome of `TLSSession.readPlaintext(into:)`.
public enum TLSReadResult: Equatable, Sendable {
    /// This many plaintext bytes (always > 0) were copied into the buffer.
    case bytes(Int)
    /// Nothing decryptable yet: feed more ciphertext from the socket (and drain any pending
    /// ciphertext first: reading can produce records to send, e.g. a TLS 1.3 KeyUpdate reply).
    case wantMoreCiphertext
    /// The peer sent close_notify: no more plaintext will come.
    case closed
}
