import PostgresClient

public enum ExchangeStoreError: Error, Sendable, CustomStringConvertible {
    case partnerExists(String)
    case partnerNotFound(String)
    case keyExists(String)
    case keyNotFound(String)
    case certificateTaken(String)
    case invalid(String)
    case database(any Error)

    public var description: String {
        switch self {
        case .partnerExists(let id): "partner \(id) is already registered"
        case .partnerNotFound(let id): "no partner \(id)"
        case .keyExists(let id): "signing key \(id) is already registered"
        case .keyNotFound(let id): "no signing key \(id) for this partner"
        case .certificateTaken(let sha): "a partner with certificate \(sha) is already registered"
        case .invalid(let why): why
        case .database(let error): "\(error)"
        }
    }
}
