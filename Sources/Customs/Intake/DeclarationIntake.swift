/// The front door for a carrier's declaration: bytes in, a validated `Declaration` or every reason
/// why not. Pure: no I/O, no clock; the caller passes today's date at the crossing.
public enum DeclarationIntake {
    /// Parses and validates a request body. Returns the normalised declaration or every problem found.
    ///
    /// - Parameter today: the date at the crossing (Asia/Ho_Chi_Minh), which bounds the planned
    ///   crossing date, certificates' issue dates and the health declaration's age.
    public static func decode(_ body: [UInt8], today: CalendarDate, limits: IntakeLimits = .init()) -> Result<Declaration, IntakeFailure> {
        let document: JSONValue
        do {
            document = try JSONParser.parse(body, limits: limits.json)
        } catch {
            return .failure(.malformedJSON(error))
        }
        return validate(document, today: today, limits: limits)
    }

    /// Validates an already parsed document (for callers that parsed the body themselves).
    public static func validate(_ document: JSONValue, today: CalendarDate, limits: IntakeLimits = .init()) -> Result<Declaration, IntakeFailure> {
        var decoder = DeclarationDecoder(today: today, limits: limits)
        if let declaration = decoder.decode(document), decoder.problems.isEmpty {
            return .success(declaration)
        }
        return .failure(.invalid(decoder.problems))
    }
}
