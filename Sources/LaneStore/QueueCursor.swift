import Customs
import Foundation

/// An opaque position in a lane's queue: the time the last item entered the queue and its
/// insertion sequence (ties), base64url so clients treat it as opaque.
public struct QueueCursor: Sendable, Equatable {
    let queuedAtMicroseconds: Int64
    let sequence: Int64

    public init?(token: String) {
        guard token.count <= 96 else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8), text.hasPrefix("q1.") else { return nil }
        let parts = text.dropFirst(3).split(separator: ".")
        guard parts.count == 2, let micros = Int64(parts[0]), let sequence = Int64(parts[1]), sequence > 0 else { return nil }
        self.queuedAtMicroseconds = micros
        self.sequence = sequence
    }

    init(queuedAtMicroseconds: Int64, sequence: Int64) {
        self.queuedAtMicroseconds = queuedAtMicroseconds
        self.sequence = sequence
    }

    public var token: String {
        Data("q1.\(queuedAtMicroseconds).\(sequence)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// Which part of a queue to list.
public struct QueueFilter: Sendable {
    public var crossing: Crossing?
    public var direction: Direction?
    public var after: QueueCursor?
    public var limit: Int

    public init(crossing: Crossing? = nil, direction: Direction? = nil, after: QueueCursor? = nil, limit: Int = 50) {
        self.crossing = crossing
        self.direction = direction
        self.after = after
        self.limit = limit
    }
}

