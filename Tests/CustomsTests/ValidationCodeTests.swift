import Customs
import Foundation
import Testing

@Suite struct ValidationCodeTests {
    private static let docs: String = {
        // Tests/CustomsTests/ValidationCodeTests.swift → the repository's Docs/validation.md.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("Docs/validation.md"), encoding: .utf8)) ?? ""
    }()

    @Test func everyCodeHasARowInTheValidationDocs() {
        #expect(!Self.docs.isEmpty, "Docs/validation.md is missing")
        for code in ValidationCode.allCases {
            #expect(Self.docs.contains("| `\(code.rawValue)` |"), "\(code.rawValue) has no row in Docs/validation.md")
        }
    }

    @Test func theDocsNameNoCodeThatDoesNotExist() {
        // Rows of the code table, between the <!-- codes --> markers.
        let table = Self.docs.components(separatedBy: "<!-- codes -->").last?.components(separatedBy: "<!-- /codes -->").first ?? ""
        let documented = table.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `") else { return nil }
            return line.dropFirst(3).split(separator: "`").first.map(String.init)
        }
        let known = Set(ValidationCode.allCases.map(\.rawValue))
        #expect(documented.filter { !known.contains($0) } == [])
    }

    @Test func codesAreSnakeCaseAndUnique() {
        let codes = ValidationCode.allCases.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "_" } })
    }
}
