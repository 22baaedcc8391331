import COpenSSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Configuration shared by every connection: certificate, key, trust, versions. Wraps an
/// `SSL_CTX`.
///
/// `@unchecked Sendable`: the `SSL_CTX` is fully configured in `init` and never mutated
/// afterwards; OpenSSL documents `SSL_new` on a configured context (and its internal session
/// cache, which it locks itself) as safe from any number of threads.
public final class TLSContext: @unchecked Sendable {
    let ctx: OpaquePointer
    /// Server contexts make accepting sessions; client contexts make connecting ones.
    let isServer: Bool

    /// Modern TLS 1.2 suites only: ECDHE for forward secrecy, AEAD ciphers (Mozilla
    /// "intermediate" minus DHE, which would need our own DH parameters). TLS 1.3 suites are
    /// OpenSSL's defaults, all of which are fine.
    static let tls12CipherList = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    /// A server context.
    /// - Parameters:
    ///   - serverCertificateFile: PEM, the leaf first then any intermediates.
    ///   - privateKeyFile: PEM, unencrypted (a daemon has nobody to type a passphrase).
    ///   - clientCertificates: whether to ask clients for a certificate, and which CA issues them.
    public init(serverCertificateFile: String, privateKeyFile: String,
                clientCertificates: ClientCertificateMode = .none,
                minimumVersion: TLSVersion = .tls12, maximumVersion: TLSVersion? = nil) throws {
        // Configured through a local and stored only once complete: a class whose init throws
        // after its properties are set runs deinit, which would free the context a second time.
        let ctx = try Self.makeContext(method: TLS_server_method(), minimumVersion: minimumVersion,
                                       maximumVersion: maximumVersion)
        do {
            // The client's preference order is not to be trusted to pick the strongest suite.
            Self.setOptions(ctx, copenssl_op_cipher_server_preference())
            try Self.useCertificateAndKey(ctx, certificateFile: serverCertificateFile,
                                          privateKeyFile: privateKeyFile)

            // Sessions are cached per context; OpenSSL refuses to resume a session whose
            // client was verified unless an id context is set ("session id context
            // uninitialized"), which would fail TLS 1.2 resumptions by a client-cert peer.
            let sessionContext = Array("smartgate".utf8)
            OpenSSLErrors.clear()
            guard SSL_CTX_set_session_id_context(ctx, sessionContext, UInt32(sessionContext.count)) == 1 else {
                throw TLSError.drainingQueue(.invalidConfiguration, "SSL_CTX_set_session_id_context",
                                             "cannot set the session id context")
            }

            switch clientCertificates {
            case .none:
                SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nil)
            case .optional(let caFile):
                try Self.trustClientCA(ctx, caFile: caFile)
                SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
            case .required(let caFile):
                try Self.trustClientCA(ctx, caFile: caFile)
                SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
            }
        } catch {
            SSL_CTX_free(ctx)
            throw error
        }
        self.ctx = ctx
        isServer = true
    }

    /// A client context, verifying the server against `caFile` (the system trust store when
    /// nil). Pass `certificateFile` and `privateKeyFile` together to present a client certificate.
    public init(clientTrusting caFile: String?, certificateFile: String? = nil,
                privateKeyFile: String? = nil,
                minimumVersion: TLSVersion = .tls12, maximumVersion: TLSVersion? = nil) throws {
        let ctx = try Self.makeContext(method: TLS_client_method(), minimumVersion: minimumVersion,
                                       maximumVersion: maximumVersion)
        do {
            OpenSSLErrors.clear()
            if let caFile {
                try Self.checkReadable(caFile, operation: "SSL_CTX_load_verify_file")
                guard SSL_CTX_load_verify_file(ctx, caFile) == 1 else {
                    throw TLSError.drainingQueue(.invalidCAFile, "SSL_CTX_load_verify_file", file: caFile,
                                                 "cannot load the CA certificates")
                }
            } else {
                guard SSL_CTX_set_default_verify_paths(ctx) == 1 else {
                    throw TLSError.drainingQueue(.invalidCAFile, "SSL_CTX_set_default_verify_paths",
                                                 "cannot load the system trust store")
                }
            }
            // A client always verifies the server; there is no "insecure" switch on purpose.
            SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)

            switch (certificateFile, privateKeyFile) {
            case (nil, nil):
                break
            case (let certificateFile?, let privateKeyFile?):
                try Self.useCertificateAndKey(ctx, certificateFile: certificateFile,
                                              privateKeyFile: privateKeyFile)
            default:
                throw TLSError(kind: .invalidConfiguration, operation: "TLSContext.init",
                               file: certificateFile ?? privateKeyFile,
                               message: "a client certificate needs both certificateFile and privateKeyFile")
            }
        } catch {
            SSL_CTX_free(ctx)
            throw error
        }
        self.ctx = ctx
        isServer = false
    }

    deinit {
        SSL_CTX_free(ctx)
    }

    // MARK: - Setup steps

    private static func makeContext(method: OpaquePointer?, minimumVersion: TLSVersion,
                                    maximumVersion: TLSVersion?) throws -> OpaquePointer {
        if let maximumVersion, maximumVersion < minimumVersion {
            throw TLSError(kind: .invalidConfiguration, operation: "TLSContext.init",
                           message: "maximum version \(maximumVersion) is below minimum version \(minimumVersion)")
        }
        OpenSSLErrors.clear()
        guard let ctx = SSL_CTX_new(method) else {
            throw TLSError.drainingQueue(.resourceExhausted, "SSL_CTX_new", "cannot create an SSL_CTX")
        }
        guard copenssl_ctx_set_min_proto(ctx, minimumVersion.openSSLValue) == 1,
              copenssl_ctx_set_max_proto(ctx, maximumVersion?.openSSLValue ?? 0) == 1 else {
            SSL_CTX_free(ctx)
            throw TLSError.drainingQueue(.invalidConfiguration, "SSL_CTX_set_min/max_proto_version",
                                         "cannot set the protocol version range")
        }
        // Compression invites CRIME-style attacks; renegotiation has a history of DoS and
        // injection bugs and nothing of ours needs it.
        setOptions(ctx, copenssl_op_no_compression() | copenssl_op_no_renegotiation())
        // SSL_OP_IGNORE_UNEXPECTED_EOF stays OFF on purpose: a peer (or an attacker on the path)
        // cutting the TCP stream without close_notify must be reported as `.unexpectedEOF`, not
        // look like a clean end of data, so a truncated body is never taken as complete. It is
        // cleared explicitly in case a system openssl.cnf turned it on.
        _ = copenssl_ctx_clear_options(ctx, copenssl_op_ignore_unexpected_eof())
        // With memory BIOs a write never blocks, but should SSL_write ever have to be retried,
        // the caller's buffer may be at a new address (Swift arrays move), and we want the
        // records already produced to be handed out rather than held back until all are done.
        _ = copenssl_ctx_set_mode(ctx, Int(SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
        guard SSL_CTX_set_cipher_list(ctx, tls12CipherList) == 1 else {
            SSL_CTX_free(ctx)
            throw TLSError.drainingQueue(.invalidConfiguration, "SSL_CTX_set_cipher_list",
                                         "cannot set the TLS 1.2 cipher list")
        }
        return ctx
    }

    private static func setOptions(_ ctx: OpaquePointer, _ options: UInt64) {
        _ = copenssl_ctx_set_options(ctx, UInt(options))
    }

    /// Checks the file up front, so an absent or unreadable file gets errno's text and the name,
    /// rather than a generic parse failure.
    private static func checkReadable(_ path: String, operation: String) throws {
        if access(path, R_OK) != 0 {
            let reason = String(cString: strerror(errno))
            throw TLSError(kind: .unreadableFile, operation: operation, file: path,
                           message: "cannot read file: \(reason)")
        }
    }

    private static func useCertificateAndKey(_ ctx: OpaquePointer, certificateFile: String,
                                             privateKeyFile: String) throws {
        try checkReadable(certificateFile, operation: "SSL_CTX_use_certificate_chain_file")
        try checkReadable(privateKeyFile, operation: "PEM_read_bio_PrivateKey")

        OpenSSLErrors.clear()
        guard SSL_CTX_use_certificate_chain_file(ctx, certificateFile) == 1 else {
            throw TLSError.drainingQueue(.invalidCertificate, "SSL_CTX_use_certificate_chain_file",
                                         file: certificateFile, "cannot load the certificate chain (PEM expected)")
        }

        // The key is parsed separately from installing it, so "not a key" and "not this
        // certificate's key" are told apart.
        guard let bio = BIO_new_file(privateKeyFile, "r") else {
            throw TLSError.drainingQueue(.unreadableFile, "BIO_new_file", file: privateKeyFile,
                                         "cannot open the private key file")
        }
        defer { BIO_free(bio) }
        // A callback that supplies no passphrase: OpenSSL's default would prompt on the terminal.
        let noPassphrase: @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?) -> Int32 = { _, _, _, _ in 0 }
        guard let key = PEM_read_bio_PrivateKey(bio, nil, noPassphrase, nil) else {
            throw TLSError.drainingQueue(.invalidPrivateKey, "PEM_read_bio_PrivateKey", file: privateKeyFile,
                                         "cannot parse the private key (unencrypted PEM expected)")
        }
        defer { EVP_PKEY_free(key) }
        guard SSL_CTX_use_PrivateKey(ctx, key) == 1, SSL_CTX_check_private_key(ctx) == 1 else {
            throw TLSError.drainingQueue(.keyCertificateMismatch, "SSL_CTX_check_private_key", file: privateKeyFile,
                                         "private key \(privateKeyFile) does not match certificate \(certificateFile)")
        }
    }

    /// Trust `caFile` for verifying clients, and name its CAs in the CertificateRequest so
    /// clients holding several certificates pick the right one.
    private static func trustClientCA(_ ctx: OpaquePointer, caFile: String) throws {
        try checkReadable(caFile, operation: "SSL_CTX_load_verify_file")
        OpenSSLErrors.clear()
        guard SSL_CTX_load_verify_file(ctx, caFile) == 1 else {
            throw TLSError.drainingQueue(.invalidCAFile, "SSL_CTX_load_verify_file", file: caFile,
                                         "cannot load the client CA certificates")
        }
        guard let names = SSL_load_client_CA_file(caFile) else {
            throw TLSError.drainingQueue(.invalidCAFile, "SSL_load_client_CA_file", file: caFile,
                                         "no CA certificate found for the client CA list")
        }
        SSL_CTX_set_client_CA_list(ctx, names)  // takes ownership of `names`
    }
}
