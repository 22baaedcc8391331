/// Why a body was not accepted as a declaration.
public enum IntakeFailure: Error, Sendable, Equatable {
    /// Not JSON at all: HTTP 400, with the error's description as the problem's detail.
    case malformedJSON(JSONSyntaxError)
    /// JSON, but not a valid declaration: HTTP 422, with every problem found.
    case invalid([ValidationProblem])
}
