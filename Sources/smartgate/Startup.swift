import BufferedLog
import Foundation
import Logging
import Settings

/// What every subcommand does first: read the settings (stopping with a clear message when one
/// is invalid) and set up logging at the configured level.
enum Startup {
    /// Exit status for a configuration error (sysexits.h EX_CONFIG).
    static let configErrorStatus: Int32 = 78

    static func settings() -> Settings {
        do {
            return try Settings.load()
        } catch {
            FileHandle.standardError.write(Data("smartgate: \(error)\n".utf8))
            exit(configErrorStatus)
        }
    }

    static func logger(_ settings: Settings, label: String = "smartgate") -> Logger {
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = BufferedLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        // Whatever is still buffered is written when the process exits normally.
        atexit { LogSink.standardError.flush() }
        return Logger(label: label)
    }

    static func requireDatabaseURL(_ settings: Settings) -> String {
        guard !settings.databaseURL.isEmpty else {
            FileHandle.standardError.write(Data("smartgate: invalid setting database_url = \"\" (from the default); allowed: a PostgreSQL URL such as postgresql://user@host:5432/smartgate (set SMARTGATE_DATABASE_URL, or use `make run`, which starts a local cluster)\n".utf8))
            exit(configErrorStatus)
        }
        return settings.databaseURL
    }
}
