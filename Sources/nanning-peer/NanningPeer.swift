import ArgumentParser

/// The simulated Chinese customs node in Nanning: the other end of the gateway's partner exchange,
/// built by us so the exchange can be run, tested and broken on purpose (fault switches).
@main
struct NanningPeer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nanning-peer",
        abstract: "A simulated Nanning customs node for SmartGate's partner exchange (mutual TLS 1.3, signed envelopes).",
        subcommands: [ServeCommand.self, PushCommand.self, PullCommand.self, CheckCommand.self, ReportCommand.self]
    )
}
