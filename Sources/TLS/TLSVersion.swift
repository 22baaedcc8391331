import COpenSSL

/// Protocol versions we accept. Nothing older than TLS 1.2 is offered at all.
public enum TLSVersion: Sendable, Comparable {
    case tls12, tls13

    var openSSLValue: Int32 {
        switch self {
        case .tls12: TLS1_2_VERSION
        case .tls13: TLS1_3_VERSION
        }
    }
}
