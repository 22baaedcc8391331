import Foundation
import Settings
import Testing
import TestSupport

@Suite struct SettingsTests {
    @Test func defaultsApplyWhenNothingIsConfigured() throws {
        let settings = try Settings.resolve(configText: nil, configPath: "none", environment: [:])
        #expect(settings.httpPort == 8080)
        #expect(settings.partnerPort == 8443)
        #expect(settings.databaseURL == "")
        #expect(settings.migrateOnStart)
    }

    @Test func theEnvironmentOverridesTheFile() throws {
        let file = "http_port = 9000\ndatabase_url = postgresql://file@db/x\n"
        let settings = try Settings.resolve(configText: file, configPath: "x.conf", environment: [
            "SMARTGATE_HTTP_PORT": "9100", "SMARTGATE_PARTNER_PORT": "9443",
        ])
        #expect(settings.httpPort == 9100)
        #expect(settings.partnerPort == 9443)
        #expect(settings.databaseURL == "postgresql://file@db/x")
    }

    @Test func aBadPortNamesTheSettingItsOriginAndTheAllowedValues() throws {
        let error = #expect(throws: SettingsError.self) {
            try Settings.resolve(configText: nil, configPath: "x", environment: ["SMARTGATE_HTTP_PORT": "80a"])
        }
        #expect(error?.setting == "http_port")
        #expect(error?.description.contains("SMARTGATE_HTTP_PORT") == true)
        #expect(error?.description.contains("an integer from 0 to 65535") == true)
    }

    @Test func aBadValueInTheFileNamesTheLine() throws {
        let error = #expect(throws: SettingsError.self) {
            try Settings.resolve(configText: "# c\nlog_level = loud\n", configPath: "a.conf", environment: [:])
        }
        #expect(error?.origin == "a.conf line 2")
        #expect(error?.allowed.contains("warning") == true)
    }

    @Test func anUnknownOrRepeatedKeyInTheFileIsRefused() throws {
        #expect(throws: ConfigFileError.self) {
            try Settings.resolve(configText: "http_prot = 1\n", configPath: "a.conf", environment: [:])
        }
        #expect(throws: ConfigFileError.self) {
            try Settings.resolve(configText: "http_port = 1\nhttp_port = 2\n", configPath: "a.conf", environment: [:])
        }
    }

    @Test func tlsCertificateAndKeyGoTogether() throws {
        let error = #expect(throws: SettingsError.self) {
            try Settings.resolve(configText: nil, configPath: "x", environment: ["SMARTGATE_HTTP_TLS_CERTIFICATE": "/tmp/c.pem"])
        }
        #expect(error?.setting == "http_tls_key")
    }

    @Test func theShippedConfigFileListsEverySettingWithItsDefault() throws {
        let path = Repository.root.appendingPathComponent("Config/smartgate.conf").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var listed: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && line.contains("=") {
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            listed[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        for setting in Setting.all {
            #expect(listed[setting.key] == setting.defaultValue, "Config/smartgate.conf must list \(setting.key) = \(setting.defaultValue)")
        }
        #expect(listed.count == Setting.all.count)
        // And it loads as shipped.
        _ = try Settings.resolve(configText: text, configPath: path, environment: [:])
    }

    @Test func theDaemonStopsAtStartNamingABadSetting() throws {
        let binary = try Repository.smartgateBinary()
        let result = try runProcess(binary, ["serve"], environment: [
            "SMARTGATE_DATABASE_URL": "postgresql://unused@127.0.0.1:1/x",
            "SMARTGATE_HTTP_WORKERS": "many",
        ], currentDirectory: Repository.root)
        #expect(result.status == 78)
        #expect(result.stderr.contains("http_workers"))
        #expect(result.stderr.contains("SMARTGATE_HTTP_WORKERS"))
        #expect(result.stderr.contains("an integer from 1 to 1024"))
    }

    @Test func theDaemonRefusesAMissingConfigFileNamedBySMARTGATE_CONFIG() throws {
        let binary = try Repository.smartgateBinary()
        let result = try runProcess(binary, ["serve"], environment: ["SMARTGATE_CONFIG": "/nonexistent/smartgate.conf"],
                                    currentDirectory: Repository.root)
        #expect(result.status == 78)
        #expect(result.stderr.contains("/nonexistent/smartgate.conf"))
    }
}
