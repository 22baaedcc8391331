import Customs
import Exchange
import Foundation
import HTTPClient

/// Pulls the gateway's manifest feed page by page, checking each batch's signature before
/// believing a single manifest or moving the cursor.
struct Puller: Sendable {
    let signer: Signer
    let store: PeerStore?

    struct Page {
        let manifests: [JSONValue]
        let next: String
    }

    func page(after: String, limit: Int, over client: GatewayClient) throws -> Page {
        let response = try client.send(HTTPClientRequest(path: "/partner/v1/manifests?after=\(after)&limit=\(limit)"))
        let batch: Envelope
        do {
            batch = try signer.verifyFromGateway(response.body)
        } catch {
            throw PeerError("the manifest batch (HTTP \(response.status)) was refused: \(error); nothing from it was kept")
        }
        let payload = try batch.payloadValue()
        guard batch.type == .manifestBatch else {
            throw PeerError("the gateway answered HTTP \(response.status) with a signed \(batch.type.rawValue): \(payload.compactText)")
        }
        guard case .object(let object) = payload, case .string(let next)? = object["next"], case .array(let manifests)? = object["manifests"] else {
            throw PeerError("a manifest_batch payload without next and manifests: \(payload.compactText.prefix(300))")
        }
        if let store {
            for manifest in manifests {
                try store.manifests.append(["pulledAt": .string(Signer.now.description), "batch": .string(batch.messageID.uuidString.lowercased()),
                                            "manifest": manifest])
            }
            if next != after { try store.saveCursor(next) }
        }
        return Page(manifests: manifests, next: next)
    }
}
