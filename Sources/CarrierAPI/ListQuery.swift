import Customs
import DeclarationStore
import HTTPServer

/// `GET /v1/declarations?status=&from=&to=&after=&limit=`, checked: a wrong parameter is a 400
/// naming it, never silently ignored.
enum ListQuery {
    static let known: Set<String> = ["status", "from", "to", "after", "limit"]
    static let defaultLimit = 50
    static let maxLimit = 200

    static func filter(from query: QueryParameters) throws(HTTPError) -> DeclarationFilter {
        var filter = DeclarationFilter(limit: defaultLimit)
        for (name, _) in query where !known.contains(name) {
            throw invalid(name, "is not a parameter of this list (known: after, from, limit, status, to)")
        }
        for name in known where query.values(for: name).count > 1 {
            throw invalid(name, "is given more than once")
        }
        if let status = query["status"] {
            guard let value = DeclarationStatus(rawValue: status) else {
                throw invalid("status", "must be one of " + DeclarationStatus.allCases.map(\.rawValue).joined(separator: ", "))
            }
            filter.status = value
        }
        if let from = query["from"] {
            guard let value = instant(from) else { throw invalid("from", "must be an RFC 3339 date (2026-11-22) or date-time (2026-11-22T08:00:00+07:00)") }
            filter.createdFrom = value
        }
        if let to = query["to"] {
            guard let value = instant(to) else { throw invalid("to", "must be an RFC 3339 date (2026-11-22) or date-time (2026-11-22T08:00:00+07:00)") }
            filter.createdTo = value
        }
        if let after = query["after"] {
            guard let cursor = PageCursor(token: after) else {
                throw invalid("after", "is not a cursor from this API (use nextCursor from the previous page)")
            }
            filter.after = cursor
        }
        if let limit = query["limit"] {
            guard limit.utf8.count <= 4, limit.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let value = Int(limit), (1...maxLimit).contains(value)
            else { throw invalid("limit", "must be an integer from 1 to \(maxLimit)") }
            filter.limit = value
        }
        return filter
    }

    /// A date means its start in Vietnam (00:00 at UTC+07:00); a date-time must carry its offset.
    /// Returns the text PostgreSQL reads as timestamptz, or nil when the form is wrong.
    static func instant(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, CalendarDate(iso8601: String(decoding: bytes[0..<10], as: UTF8.self)) != nil else { return nil }
        if bytes.count == 10 { return text + "T00:00:00+07:00" }
        // YYYY-MM-DDTHH:MM:SS[.ffffff](Z|±HH:MM)
        func digits(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for index in range {
                guard bytes[index] >= 0x30 && bytes[index] <= 0x39 else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return value
        }
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let hour = digits(11..<13), hour < 24, let minute = digits(14..<16), minute < 60,
              let second = digits(17..<19), second < 60
        else { return nil }
        var index = 19
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
            guard (1...6).contains(index - start) else { return nil }
        }
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "Z") {
            return index + 1 == bytes.count ? text : nil
        }
        guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"), index + 6 == bytes.count,
              bytes[index + 3] == UInt8(ascii: ":"), let offsetHours = digits(index + 1..<index + 3), offsetHours < 24,
              let offsetMinutes = digits(index + 4..<index + 6), offsetMinutes < 60
        else { return nil }
        return text
    }

    static func invalid(_ name: String, _ reason: String) -> HTTPError {
        HTTPError(.badRequest, code: "invalid_query_parameter", detail: "Query parameter \(name) \(reason).",
                  extra: ["parameter": name])
    }
}
