import DeclarationBody
import Foundation
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

// The reference: Hummingbird 2 (and postgres-nio for the database route).
//
// Without DATABASE_URL, the same two routes as smartgate-http-bench:
//   GET  /health            -> 200 {"status":"ok"}
//   POST /v1/declarations   -> decodes a ~1 KB declaration-like JSON body, 201 {"id":...,"lines":n}
//
// With DATABASE_URL=postgresql://user@host:port/db, POST /v1/declarations also stores the
// declaration the plain way, one transaction per request, into the daemon's own tables
// (Migrations/0002_declarations.sql): a fresh UUID, a row in declarations, its first version in
// declaration_versions and its goods lines in declaration_goods, committed with
// synchronous_commit on (set as a startup parameter of every pooled connection).
//   REFERENCE_TX=statement (default): one statement, data-modifying CTEs for the three tables;
//                 it is its own transaction (one round trip, one commit per request).
//   REFERENCE_TX=explicit: BEGIN; INSERT declarations; INSERT declaration_versions;
//                 INSERT declaration_goods (all lines, unnest); COMMIT.
//   PG_POOL (default 16, as the daemon's pool): pooled PostgreSQL connections.

enum ReferenceError: Error { case badDatabaseURL(String) }

let environment = ProcessInfo.processInfo.environment
let port = Int(environment["PORT"] ?? "") ?? 8081
var logger = Logger(label: "hummingbird-reference")
logger.logLevel = .warning

let router = Router()
router.get("/health") { _, _ -> Response in
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
}

var postgres: PostgresClient?
if let url = environment["DATABASE_URL"].flatMap(URLComponents.init(string:)) {
    guard let host = url.host, let user = url.user else { throw ReferenceError.badDatabaseURL(environment["DATABASE_URL"]!) }
    var configuration = PostgresClient.Configuration(
        host: host, port: url.port ?? 5432, username: user, password: url.password,
        database: String(url.path.dropFirst()), tls: .disable)
    configuration.options.maximumConnections = Int(environment["PG_POOL"] ?? "") ?? 16
    configuration.options.minimumConnections = 0
    configuration.options.additionalStartupParameters = [("synchronous_commit", "on")]
    let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    postgres = client
    let explicit = environment["REFERENCE_TX"] == "explicit"

    // The carrier the reference declares for (a row in carriers, as the daemon's carrier has).
    let carrierName = "hummingbird-reference"
    let carrier = CarrierHolder()

    router.post("/v1/declarations") { request, context -> Response in
        let bytes = try await request.body.collect(upTo: 64 * 1024)
        let declaration = try JSONDecoder().decode(DeclarationBody.self, from: bytes)
        let document = String(buffer: bytes)
        let id = UUID()
        let carrierID = try await carrier.id(client: client, name: carrierName, logger: context.logger)
        let lines = declaration.goods
        let hs = lines.map(\.hsCode), descriptions = lines.map(\.description), units = lines.map(\.unit)
        let currencies = lines.map(\.currency), origins = lines.map(\.origin)
        let quantities = lines.map { String($0.quantity) }, gross = lines.map { String($0.grossKg) }
        let net = lines.map { String($0.netKg) }, values = lines.map { String($0.value) }
        let count = lines.count
        if explicit {
            try await client.withTransaction(logger: context.logger) { connection in
                try await connection.query("""
                    INSERT INTO declarations (id, carrier_id, status, version, direction, crossing, planned_crossing_on,
                                              trader_tax_code, vehicle_plate, document, created_at, updated_at)
                    VALUES (\(id), \(carrierID), 'submitted', 1, \(declaration.direction), \(declaration.crossing),
                            \(declaration.plannedCrossingOn)::date, \(declaration.trader.taxCode), \(declaration.vehicle.plate),
                            \(document)::jsonb, now(), now())
                    """, logger: context.logger)
                try await connection.query("""
                    INSERT INTO declaration_versions (declaration_id, version, document, goods_count, created_at)
                    VALUES (\(id), 1, \(document)::jsonb, \(count), now())
                    """, logger: context.logger)
                try await connection.query("""
                    INSERT INTO declaration_goods (declaration_id, version, line, hs_code, description, quantity, unit,
                                                   gross_kg, net_kg, value, currency, origin)
                    SELECT \(id), 1, (n - 1)::integer, h, d, q::numeric, u, g::numeric, nk::numeric, v::numeric, c, o
                      FROM unnest(\(hs)::text[], \(descriptions)::text[], \(quantities)::text[], \(units)::text[],
                                  \(gross)::text[], \(net)::text[], \(values)::text[], \(currencies)::text[], \(origins)::text[])
                           WITH ORDINALITY AS t(h, d, q, u, g, nk, v, c, o, n)
                    """, logger: context.logger)
            }
        } else {
            try await client.query("""
                WITH declared AS (
                    INSERT INTO declarations (id, carrier_id, status, version, direction, crossing, planned_crossing_on,
                                              trader_tax_code, vehicle_plate, document, created_at, updated_at)
                    VALUES (\(id), \(carrierID), 'submitted', 1, \(declaration.direction), \(declaration.crossing),
                            \(declaration.plannedCrossingOn)::date, \(declaration.trader.taxCode), \(declaration.vehicle.plate),
                            \(document)::jsonb, now(), now())
                ),
                versions AS (
                    INSERT INTO declaration_versions (declaration_id, version, document, goods_count, created_at)
                    VALUES (\(id), 1, \(document)::jsonb, \(count), now())
                )
                INSERT INTO declaration_goods (declaration_id, version, line, hs_code, description, quantity, unit,
                                               gross_kg, net_kg, value, currency, origin)
                SELECT \(id), 1, (n - 1)::integer, h, d, q::numeric, u, g::numeric, nk::numeric, v::numeric, c, o
                  FROM unnest(\(hs)::text[], \(descriptions)::text[], \(quantities)::text[], \(units)::text[],
                              \(gross)::text[], \(net)::text[], \(values)::text[], \(currencies)::text[], \(origins)::text[])
                       WITH ORDINALITY AS t(h, d, q, u, g, nk, v, c, o, n)
                """, logger: context.logger)
        }
        let body = #"{"id":"\#(id.uuidString.lowercased())","lines":\#(count)}"#
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[.location] = "/v1/declarations/\(id.uuidString.lowercased())"
        return Response(status: .created, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
} else {
    router.post("/v1/declarations") { request, context -> Response in
        let declaration = try await request.decode(as: DeclarationBody.self, context: context)
        let body = #"{"id":"\#(declaration.trader.taxCode)-\#(declaration.vehicle.plate)","lines":\#(declaration.goods.count)}"#
        return Response(status: .created, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// The reference carrier's id, made once (the first request inserts or finds it).
actor CarrierHolder {
    private var cached: UUID?
    func id(client: PostgresClient, name: String, logger: Logger) async throws -> UUID {
        if let cached { return cached }
        let rows = try await client.query("""
            WITH found AS (SELECT id FROM carriers WHERE name = \(name)),
                 made AS (INSERT INTO carriers (name) SELECT \(name) WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id)
            SELECT id FROM found UNION ALL SELECT id FROM made
            """, logger: logger)
        for try await (id) in rows.decode(UUID.self) {
            cached = id
            return id
        }
        throw ReferenceError.badDatabaseURL("no carrier row")
    }
}

let address = ApplicationConfiguration(address: .hostname("127.0.0.1", port: port))
if let postgres {
    try await Application(router: router, configuration: address, services: [postgres], logger: logger).runService()
} else {
    try await Application(router: router, configuration: address, logger: logger).runService()
}
