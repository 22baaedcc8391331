/// Whether a server asks connecting clients for a certificate, and which CA must have issued it.
public enum ClientCertificateMode: Sendable {
    /// No certificate is requested.
    case none
    /// A certificate is requested; a client without one is let through (its
    /// `peerCertificate` is nil), but a presented certificate that does not verify against
    /// `caFile` fails the handshake.
    case optional(caFile: String)
    /// A certificate verifying against `caFile` is mandatory.
    case required(caFile: String)
}
