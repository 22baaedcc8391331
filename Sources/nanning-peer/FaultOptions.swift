import ArgumentParser
import Foundation

/// Misbehaviour on demand, so tests can show what the gateway does with a partner that is slow,
/// loses answers, repeats itself, or signs wrongly. All off by default.
struct FaultOptions: ParsableArguments {
    @Option(help: "Delay every answer (serve) or request (push) by this many milliseconds.")
    var latencyMs = 0
    @Option(help: "serve: share (0…1) of incoming pushes stored but answered by closing the connection; push: share of messages skipped.")
    var dropRate = 0.0
    @Flag(help: "push: send every message twice; the second must come back `replayed`.")
    var duplicate = false
    @Flag(help: "Flip a bit of every outgoing signature; the other side must refuse with bad_signature.")
    var tamperSignature = false
    @Flag(help: "Change the payload after signing.")
    var tamperPayload = false
    @Flag(help: "push: send the first message id again at the end.")
    var replay = false
    @Option(help: "Sign with this key (PEM) instead, e.g. a retired or unregistered one.")
    var expiredKey: String?
    @Option(name: .customLong("stale-s"), help: "Date createdAt this many seconds in the past.")
    var staleSeconds = 0

    func validate() throws {
        guard (0...1).contains(dropRate) else { throw ValidationError("--drop-rate must be between 0 and 1") }
        guard latencyMs >= 0, staleSeconds >= 0 else { throw ValidationError("--latency-ms and --stale-s must be ≥ 0") }
    }

    /// Faults that make every message we sign unacceptable, so no receipt is expected for any.
    var spoilsEveryMessage: Bool { tamperSignature || tamperPayload || expiredKey != nil || staleSeconds > 0 }

    /// Faults the gateway must refuse whatever its key register says. A substitute key is not one
    /// of them: during a rotation the second key is valid, and then a receipt is the right answer.
    var mustBeRefused: Bool { tamperSignature || tamperPayload || staleSeconds > 0 }

    /// The refusal code the gateway should answer a spoiled message with.
    var expectedRefusal: String? {
        if tamperSignature || tamperPayload { return "bad_signature" }
        if expiredKey != nil { return "unknown_key or key_not_valid (a receipt if the key is registered and valid)" }
        if staleSeconds > 0 { return "stale_message" }
        return nil
    }

    func delay() {
        if latencyMs > 0 { usleep(UInt32(min(latencyMs, 600_000)) * 1000) }
    }
}
