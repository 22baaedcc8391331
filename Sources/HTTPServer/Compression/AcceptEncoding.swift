/// Content negotiation for gzip (RFC 9110 12.5.3): "gzip;q=0" and "*;q=0" refuse it.
enum AcceptEncoding {
    //   Accept-Encoding  = #( codings [ weight ] )
    //   codings          = content-coding / "identity" / "*"
    //   weight           = OWS ";" OWS "q=" qvalue
    static func allowsGzip(_ value: String?) -> Bool {
        guard let value else { return false }
        var gzipQ: Double? = nil
        var starQ: Double? = nil
        for element in value.split(separator: ",") {
            let parts = element.split(separator: ";")
            guard let first = parts.first else { continue }
            let coding = first.trimmingOWS().lowercased()
            var q = 1.0
            for p in parts.dropFirst() {
                let param = p.trimmingOWS()
                if param.lowercased().hasPrefix("q=") { q = Double(param.dropFirst(2)) ?? 0 }
            }
            if coding == "gzip" || coding == "x-gzip" { gzipQ = q }
            if coding == "*" { starQ = q }
        }
        if let gzipQ { return gzipQ > 0 }
        return (starQ ?? 0) > 0
    }

    /// Types worth compressing: text and the structured-text application types.
    static func isCompressible(contentType: String?) -> Bool {
        guard let t = contentType?.lowercased() else { return false }
        return t.hasPrefix("text/") || t.contains("json") || t.contains("xml") || t.contains("javascript")
            || t.hasPrefix("application/x-www-form-urlencoded")
    }
}

extension Substring {
    /// Without leading and trailing SP and HTAB (OWS, RFC 9110 section 5.6.3), the only
    /// whitespace HTTP knows; cheaper than Foundation's `trimmingCharacters(in:)`, which was 2%
    /// of the daemon's CPU on the bearer key alone.
    public func trimmingOWS() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
