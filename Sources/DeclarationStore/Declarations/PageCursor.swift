import Foundation

/// An opaque position in a carrier's list of declarations: the insertion sequence number of the
/// last item on the previous page. Clients must not build or read it; base64url keeps it that way
/// and leaves room to change what is inside ("v1." is the format's version).
public struct PageCursor: Sendable, Equatable {
    let sequence: Int64

    init(sequence: Int64) {
        self.sequence = sequence
    }

    /// Parses a cursor a client sent back; nil when it is not one of ours.
    public init?(token: String) {
        guard token.count <= 64 else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("v1."), let sequence = Int64(text.dropFirst(3)), sequence > 0
        else { return nil }
        self.sequence = sequence
    }

    public var token: String {
        Data("v1.\(sequence)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
