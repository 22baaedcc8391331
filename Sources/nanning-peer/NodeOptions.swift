import ArgumentParser

/// Who we are in the exchange and who the gateway is: shared by every subcommand that signs or
/// verifies envelopes.
struct NodeOptions: ParsableArguments {
    @Option(help: "Our Ed25519 signing key (PEM); the gateway has its public half registered for partner `nanning`.")
    var signingKey: String
    @Option(help: "The gateway's Ed25519 signing public key (PEM), to verify everything it signs.")
    var gatewaySigningKey: String
    @Option(help: "Our node id: the sender of what we sign.")
    var nodeID = "nanning"
    @Option(help: "The gateway's node id.")
    var gatewayID = "huu-nghi"
    @Option(name: .customLong("window-s"), help: "How far (seconds) a message's createdAt may be from our clock.")
    var windowSeconds = 300
}

/// How to reach the gateway's partner listener over mutual TLS 1.3.
struct GatewayOptions: ParsableArguments {
    @Option(help: "The gateway's partner listener, https://host:port.")
    var gatewayURL: String?
    @Option(help: "Our TLS client certificate (PEM), the one registered with `smartgate partner add`.")
    var clientCert: String?
    @Option(help: "Its private key (PEM).")
    var clientKey: String?
    @Option(help: "The CA that signed the gateway's server certificate (PEM).")
    var serverCA: String?

    var isComplete: Bool { gatewayURL != nil && clientCert != nil && clientKey != nil && serverCA != nil }

    func validateComplete() throws {
        guard isComplete else { throw ValidationError("--gateway-url, --client-cert, --client-key and --server-ca are all needed to reach the gateway") }
    }
}
