import Customs
import HTTPServer

/// RFC 9457 problem documents whose members are not all strings (the `errors` list of a 422, the
/// line and column of a 400), which `HTTPError` does not carry. Same members and order otherwise.
public enum ProblemDocument {
    public static func response(status: HTTPStatus, code: String, detail: String, type: String = "about:blank",
                         title: String? = nil, requestID: String, extra: JSONObject = [:]) -> HTTPResponse {
        var object: JSONObject = [
            "type": .string(type),
            "title": .string(title ?? status.reasonPhrase),
            "status": .number(JSONNumber(String(status.code))!),
            "detail": .string(detail),
            "code": .string(code),
            "requestId": .string(requestID),
        ]
        for member in extra.members { object[member.key] = member.value }
        return HTTPResponse(status: status, jsonBytes: JSONValue.object(object).serialized(),
                            contentType: "application/problem+json")
    }

    /// 422 with every problem the intake found.
    static func invalidDeclaration(_ problems: [ValidationProblem], requestID: String) -> HTTPResponse {
        let count = problems.count
        return response(
            status: .unprocessableContent, code: "invalid_declaration",
            detail: count == 1 ? "The declaration has 1 problem." : "The declaration has \(count) problems.",
            type: "https://smartgate.example/problems/invalid-declaration",
            title: "The declaration is not valid", requestID: requestID,
            extra: ["errors": .array(problems.map { $0.jsonValue() })])
    }

    /// 400 naming where the body stopped being JSON.
    public static func malformedJSON(_ error: JSONSyntaxError, requestID: String) -> HTTPResponse {
        func number(_ value: Int) -> JSONValue { .number(JSONNumber(String(value))!) }
        return response(
            status: .badRequest, code: "malformed_json", detail: error.description,
            type: "https://smartgate.example/problems/malformed-json", requestID: requestID,
            extra: ["line": number(error.line), "column": number(error.column), "offset": number(error.offset)])
    }
}
