import Customs
import Foundation
import Testing

@Suite struct ValidationCodeTests {
    private static let docs = document("Docs/validation.md")
    private static let openAPI = document("Docs/openapi.yaml")

    /// A file of the repository, found from this file: Tests/CustomsTests/ValidationCodeTests.swift.
    private static func document(_ path: String) -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? ""
    }

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

    @Test func everyCodeIsInTheOpenAPIEnum() {
        #expect(!Self.openAPI.isEmpty, "Docs/openapi.yaml is missing")
        let words = Set(Self.openAPI.split(whereSeparator: { !($0.isLetter || $0 == "_") }).map(String.init))
        for code in ValidationCode.allCases {
            #expect(words.contains(code.rawValue), "\(code.rawValue) is not in Docs/openapi.yaml")
        }
    }

    @Test func codesAreSnakeCaseAndUnique() {
        let codes = ValidationCode.allCases.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "_" } })
    }
}
