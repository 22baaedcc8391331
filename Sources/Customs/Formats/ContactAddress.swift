/// How a remote operator can be reached during the crossing.
enum ContactAddress {
    /// E.164: "+", a country code that does not start with 0, 8 to 15 digits in all, no spaces.
    static func phoneProblem(_ phone: String) -> String? {
        let utf8 = Array(phone.utf8)
        guard utf8.first == UInt8(ascii: "+"), (9...16).contains(utf8.count),
              utf8[1...].allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }), utf8[1] != UInt8(ascii: "0") else {
            return "a phone number is written in international form: +, the country code and the number, digits only, e.g. +84912345678"
        }
        return nil
    }

    /// A plain ASCII `local@domain` with a dot in the domain: enough to catch typing errors; whether
    /// the mailbox exists is not the intake's business.
    static func emailProblem(_ email: String) -> String? {
        let utf8 = Array(email.utf8)
        let reason = "an e-mail address looks like name@example.com"
        guard utf8.count <= 254, let at = utf8.lastIndex(of: UInt8(ascii: "@")) else { return reason }
        let local = utf8[..<at]
        let domain = utf8[(at + 1)...]
        let localOK: (UInt8) -> Bool = { byte in
            (byte >= 0x21 && byte < 0x7F) && !"()<>[]:;@\\,\"".utf8.contains(byte)
        }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard (1...64).contains(local.count), local.allSatisfy(localOK),
              local.first != UInt8(ascii: "."), local.last != UInt8(ascii: "."),
              labels.count >= 2,
              labels.allSatisfy({ label in
                  (1...63).contains(label.count) && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                      && label.allSatisfy { $0 == UInt8(ascii: "-") || ($0 | 0x20) &- UInt8(ascii: "a") < 26 || $0 &- UInt8(ascii: "0") < 10 }
              }) else {
            return reason
        }
        return nil
    }
}
