import Customs

/// One-line descriptions of declarations and manifests for people reading a terminal.
enum Summary {
    static func string(_ value: JSONValue?, _ path: String...) -> String {
        var current = value
        for key in path {
            guard case .object(let o)? = current else { return "-" }
            current = o[key]
        }
        switch current {
        case .string(let s)?: return s
        case .number(let n)?: return n.text
        case .bool(let b)?: return String(b)
        default: return "-"
        }
    }

    /// "桂F12345 / CSQU3054383, 华为技术有限公司, 8542310000 ×120000, 0810901000 ×9000".
    static func declaration(_ document: JSONValue?) -> String {
        var goods: [String] = []
        if case .object(let o)? = document, case .array(let lines)? = o["goods"] {
            goods = lines.map { "\(string($0, "hsCode")) ×\(string($0, "quantity")) \(string($0, "unit"))" }
        }
        var containers: [String] = []
        if case .object(let o)? = document, case .object(let v)? = o["vehicle"], case .array(let list)? = v["containers"] {
            containers = list.map { string($0, "number") }
        }
        return "\(string(document, "direction")) \(string(document, "vehicle", "plate"))"
            + (containers.isEmpty ? "" : " [\(containers.joined(separator: ","))]")
            + ", \(string(document, "trader", "name")), goods: \(goods.joined(separator: "; "))"
    }
}
