/// Why and where a body is not JSON. The HTTP layer answers 400 with `description`, which names the
/// place the way an editor does ("at line 3, column 17") and says what was expected there.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case unexpectedCharacter
        case unexpectedEnd
        case invalidUTF8
        case invalidEscape
        case loneSurrogate
        case controlCharacterInString
        case invalidNumber
        case duplicateKey
        case tooDeep
        case tooLarge
        case byteOrderMark
    }

    public let kind: Kind
    /// What the parser wanted and what it found: "expected ',' or '}' after an object member, found ']'".
    public let message: String
    /// Byte offset of the offending byte, from 0.
    public let offset: Int
    /// Line of the offending byte, from 1; lines end at LF.
    public let line: Int
    /// Column of the offending byte, from 1, counted in Unicode scalars (so "Nguyễn" is 6 wide).
    public let column: Int

    public init(kind: Kind, message: String, offset: Int, line: Int, column: Int) {
        self.kind = kind
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    public var description: String { "\(message) at line \(line), column \(column)" }
}
