/// Refusals of the carrier commands, phrased for the operator who typed them.
public enum CarrierStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case nameTaken(String)
    case notFound(String)
    case alreadyRevoked(String)

    public var description: String {
        switch self {
        case .nameTaken(let name): "a carrier named \"\(name)\" already exists"
        case .notFound(let what): "no carrier or API key \"\(what)\""
        case .alreadyRevoked(let what): "every API key of \"\(what)\" is already revoked"
        }
    }
}
