/// The travel or identity document a driver declares.
public enum DocumentType: String, Sendable, CaseIterable {
    /// Any nationality's passport (Vietnamese and Chinese formats are checked exactly).
    case passport
    /// The Vietnamese citizen identity card (căn cước công dân), 12 digits; Vietnamese drivers only.
    case citizenID = "citizen_id"
    /// The Chinese resident identity card (居民身份证), 18 characters; Chinese drivers only.
    case residentID = "resident_id"
    /// A border pass (giấy thông hành / 出入境通行证) for the border area.
    case borderPass = "border_pass"
}
