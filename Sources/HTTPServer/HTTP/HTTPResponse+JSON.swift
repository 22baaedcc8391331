import Foundation

extension HTTPResponse {
    /// Encodes `value` with JSONEncoder. An encoding failure becomes a 500 problem response, so a
    /// handler can return this directly; encode yourself and use `jsonBytes:` to handle it instead.
    public init(status: HTTPStatus, json value: some Encodable, encoder: JSONEncoder = JSONEncoder()) {
        do {
            self.init(status: status, jsonBytes: Array(try encoder.encode(value)))
        } catch {
            self = HTTPError(.internalServerError, code: "response_encoding_failed",
                             detail: "The response could not be encoded.").response(requestID: nil)
        }
    }
}

extension HTTPRequest {
    /// Decodes the body as JSON; a malformed body throws an HTTPError (400) naming the problem.
    public func decodeJSON<T: Decodable>(_ type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws(HTTPError) -> T {
        do {
            return try decoder.decode(type, from: Data(body))
        } catch {
            throw HTTPError(.badRequest, code: "invalid_json", detail: "The request body is not valid JSON for this resource: \(error)")
        }
    }
}
