/// Why migrating stopped. Each case names the file or version so an operator can act.
public enum MigrationError: Error, CustomStringConvertible, Equatable, Sendable {
    case directoryUnreadable(directory: String, reason: String)
    case badFileName(file: String)
    case duplicateVersion(version: Int, files: [String])
    case fileUnreadable(file: String)
    /// An applied migration's file no longer matches what was applied.
    case checksumMismatch(version: Int, name: String, applied: String, onDisk: String)
    /// The database has a migration this build does not know (a newer daemon ran against it).
    case unknownApplied(version: Int, name: String)
    case failed(version: Int, name: String, reason: String)

    public var description: String {
        switch self {
        case .directoryUnreadable(let directory, let reason):
            return "cannot read the migrations folder \(directory): \(reason)"
        case .badFileName(let file):
            return "migration file \(file) is not named NNNN_name.sql (four digits, an underscore, letters, digits or _)"
        case .duplicateVersion(let version, let files):
            return "migration number \(version) is used by several files: \(files.joined(separator: ", "))"
        case .fileUnreadable(let file):
            return "cannot read migration \(file) as UTF-8 text"
        case .checksumMismatch(let version, let name, let applied, let onDisk):
            return "migration \(String(format: "%04d", version))_\(name).sql was edited after it was applied "
                + "(applied checksum \(applied.prefix(12))…, file now \(onDisk.prefix(12))…); "
                + "restore the file and put the change in a new migration"
        case .unknownApplied(let version, let name):
            return "the database has migration \(String(format: "%04d", version))_\(name) applied, which is not in the migrations folder; is this an older build?"
        case .failed(let version, let name, let reason):
            return "migration \(String(format: "%04d", version))_\(name).sql failed and was rolled back: \(reason)"
        }
    }
}
