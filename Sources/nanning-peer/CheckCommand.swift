import ArgumentParser
import Customs
import Foundation

/// `nanning-peer check`: generates declarations and runs each through the gateway's own intake
/// validator (`DeclarationIntake.decode`), so a generator change that the gateway would refuse is
/// caught here and not as a stream of invalid_payload errors. Exit 0 only if all are accepted.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Validate generated declarations with the gateway's intake.")

    @Option(help: "How many to generate.")
    var count = 1000
    @Flag(help: "Print one generated declaration.")
    var show = false

    func run() throws {
        let today = VietnamDate.today()
        var generator = DeclarationGenerator()
        var refused = 0, fruit = 0
        for index in 0..<count {
            let document = generator.declaration(today: today, fruit: index % 4 == 0)
            if index % 4 == 0 { fruit += 1 }
            if show && index == 0 { print(String(decoding: document.serialized(), as: UTF8.self)) }
            switch DeclarationIntake.decode(document.serialized(), today: today) {
            case .success:
                continue
            case .failure(let failure):
                refused += 1
                if refused <= 5 {
                    FileHandle.standardError.write(Data("refused: \(failure)\n  \(document.compactText)\n".utf8))
                }
            }
        }
        let summary: JSONValue = ["generated": .number(JSONNumber(count)), "withFruit": .number(JSONNumber(fruit)),
                                  "accepted": .number(JSONNumber(count - refused)), "today": .string(today.description)]
        print(summary.compactText)
        if refused > 0 { throw ExitCode.failure }
    }
}
