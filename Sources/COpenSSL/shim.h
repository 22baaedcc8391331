#ifndef SMARTGATE_COPENSSL_SHIM_H
#define SMARTGATE_COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/rand.h>

// Several OpenSSL entry points are macros, which Swift cannot call. Thin inline wrappers.
static inline long copenssl_ctx_set_min_proto(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
static inline long copenssl_ctx_set_max_proto(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_max_proto_version(ctx, version);
}
static inline long copenssl_ctx_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}
static inline long copenssl_ctx_set_options(SSL_CTX *ctx, unsigned long options) {
    return (long)SSL_CTX_set_options(ctx, options);
}
static inline long copenssl_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}
static inline size_t copenssl_bio_pending(BIO *bio) {
    return BIO_ctrl_pending(bio);
}
// Added for the TLS module. SSL_OP_* are `SSL_OP_BIT(n)` casts and XN_FLAG_RFC2253 is a chain of
// macro ORs: Swift imports neither, so they are exposed as functions.
static inline uint64_t copenssl_op_no_compression(void) { return SSL_OP_NO_COMPRESSION; }
static inline uint64_t copenssl_op_no_renegotiation(void) { return SSL_OP_NO_RENEGOTIATION; }
static inline uint64_t copenssl_op_cipher_server_preference(void) { return SSL_OP_CIPHER_SERVER_PREFERENCE; }
static inline uint64_t copenssl_op_ignore_unexpected_eof(void) { return SSL_OP_IGNORE_UNEXPECTED_EOF; }
static inline uint64_t copenssl_ctx_clear_options(SSL_CTX *ctx, uint64_t options) {
    return (uint64_t)SSL_CTX_clear_options(ctx, options);
}
// RFC 2253 one-line names, but UTF-8 passed through rather than escaped as \XX, so a subject
// with Vietnamese or Chinese characters stays readable.
static inline unsigned long copenssl_xn_flag_rfc2253_utf8(void) {
    return XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB;
}
// A memory BIO's answer when empty: -1 means "retry later" (more bytes may come from the socket),
// 0 means end of stream (the socket reached EOF).
static inline long copenssl_bio_set_mem_eof_return(BIO *bio, long value) {
    return BIO_set_mem_eof_return(bio, value);
}
#endif
