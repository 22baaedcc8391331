/// A failure the simulator reports to its operator as a sentence.
struct PeerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
