import COpenSSL

extension PeerCertificate {
    /// The first certificate of a PEM file, e.g. a partner's client certificate being registered,
    /// so its fingerprint can be compared with what the TLS handshake later presents.
    public static func load(pemFile path: String) throws -> PeerCertificate {
        OpenSSLErrors.clear()
        guard let bio = BIO_new_file(path, "r") else {
            throw TLSError.drainingQueue(.invalidCertificate, "BIO_new_file", file: path, "cannot open the certificate file")
        }
        defer { BIO_free(bio) }
        guard let x509 = PEM_read_bio_X509(bio, nil, nil, nil) else {
            throw TLSError.drainingQueue(.invalidCertificate, "PEM_read_bio_X509", file: path, "not a PEM certificate")
        }
        defer { X509_free(x509) }
        guard let certificate = PeerCertificate(x509: x509) else {
            throw TLSError.drainingQueue(.invalidCertificate, "i2d_X509", file: path, "the certificate could not be encoded")
        }
        return certificate
    }
}
