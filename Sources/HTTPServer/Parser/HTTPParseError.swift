// The parser's errors: one flat enum (as NIOHTTP1 does), each case naming the defect and mapping
// to the status the server answers with before closing the connection.

public enum HTTPParseError: Error, Sendable, Equatable, Hashable {
    // Request line (RFC 9112 section 3)
    case invalidRequestLine
    case invalidMethod
    case invalidTarget
    case targetTooLong
    case invalidVersion
    case unsupportedVersion
    // Line endings (RFC 9112 section 2.2)
    case bareCR
    case bareLF
    // Field lines (RFC 9112 section 5)
    case obsoleteLineFolding
    case invalidFieldName
    case whitespaceBeforeColon
    case invalidFieldValue
    case tooManyFields
    case headerSectionTooLarge
    // Semantics of the head (RFC 9110, RFC 9112 sections 3.2 and 6)
    case missingHost
    case duplicateHost
    case invalidContentLength
    case conflictingContentLength
    case contentLengthWithTransferEncoding
    case invalidTransferEncoding
    case unsupportedTransferCoding
    case chunkedNotFinal
    case transferEncodingInHTTP10
    case unsupportedExpectation
    // Chunked body (RFC 9112 section 7.1)
    case invalidChunkSize
    case chunkSizeOverflow
    case invalidChunkExtension
    case invalidChunkTerminator
    case invalidTrailer
    // Body limit chosen per route
    case bodyTooLarge

    /// The status code a server answers with.
    public var status: Int {
        switch self {
        case .targetTooLong: return 414
        case .tooManyFields, .headerSectionTooLarge: return 431
        case .unsupportedVersion: return 505
        case .unsupportedTransferCoding: return 501
        case .unsupportedExpectation: return 417
        case .bodyTooLarge: return 413
        default: return 400
        }
    }

    /// A short human-readable explanation for the problem+json `detail` member.
    public var detail: String {
        switch self {
        case .invalidRequestLine: return "The request line is malformed."
        case .invalidMethod: return "The method is not a valid token."
        case .invalidTarget: return "The request target contains invalid characters or has an invalid form."
        case .targetTooLong: return "The request target is too long."
        case .invalidVersion: return "The HTTP version is malformed."
        case .unsupportedVersion: return "Only HTTP/1.0 and HTTP/1.1 are supported."
        case .bareCR: return "A CR not followed by LF was found."
        case .bareLF: return "A line ended with LF without CR."
        case .obsoleteLineFolding: return "Obsolete line folding (or whitespace before the first field) is not accepted."
        case .invalidFieldName: return "A field name contains invalid characters."
        case .whitespaceBeforeColon: return "Whitespace between a field name and the colon is not allowed."
        case .invalidFieldValue: return "A field value contains control characters."
        case .tooManyFields: return "The request has too many header fields."
        case .headerSectionTooLarge: return "The header section is too large."
        case .missingHost: return "An HTTP/1.1 request must carry exactly one Host field."
        case .duplicateHost: return "The request carries more than one Host field."
        case .invalidContentLength: return "Content-Length is not a valid decimal length."
        case .conflictingContentLength: return "The request carries differing Content-Length values."
        case .contentLengthWithTransferEncoding: return "Content-Length and Transfer-Encoding must not be combined."
        case .invalidTransferEncoding: return "Transfer-Encoding is malformed."
        case .unsupportedTransferCoding: return "Only the chunked transfer coding is implemented."
        case .chunkedNotFinal: return "chunked must be the final transfer coding, applied once."
        case .transferEncodingInHTTP10: return "Transfer-Encoding is not allowed in an HTTP/1.0 request."
        case .unsupportedExpectation: return "Only the 100-continue expectation is supported."
        case .invalidChunkSize: return "A chunk size is malformed."
        case .chunkSizeOverflow: return "A chunk size is too large."
        case .invalidChunkExtension: return "A chunk extension is malformed."
        case .invalidChunkTerminator: return "Chunk data was not followed by CRLF."
        case .invalidTrailer: return "A trailer field is malformed."
        case .bodyTooLarge: return "The request body exceeds the limit for this resource."
        }
    }
}
