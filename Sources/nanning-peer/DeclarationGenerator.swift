import Customs
import Foundation

/// Chinese-side declarations as the Nanning node would push them: a Guangxi truck bringing
/// electronic components (HS 85), sometimes fruit (HS 08) with its phytosanitary certificate, into
/// Vietnam through Hữu Nghị tomorrow. Every identifier carries a correct check character, so the
/// gateway's intake accepts each one (`nanning-peer check` proves it with the gateway's validator).
struct DeclarationGenerator {
    var random = SystemRandomNumberGenerator()

    struct Trader { let code: String; let name: String }
    struct Goods { let hs: String; let description: String; let unit: String; let kgPerUnit: Double; let cnyPerUnit: Double }

    /// Shenzhen, Dongguan and Nanning companies; the 18th character is computed, not typed.
    static let traders: [Trader] = [
        Trader(code: "914403001922038216", name: "华为技术有限公司"),
        Trader(code: credit("91440300708461136"), name: "深圳市大疆创新科技有限公司"),
        Trader(code: credit("91441900MA4UKJ5F3"), name: "东莞市立讯精密电子有限公司"),
        Trader(code: credit("91450100MA5KB8P2X"), name: "广西南宁东盟电子贸易有限公司"),
    ]

    static let electronics: [Goods] = [
        Goods(hs: "8542310000", description: "集成电路 integrated circuits (processors)", unit: "H87", kgPerUnit: 0.005, cnyPerUnit: 12),
        Goods(hs: "8517130000", description: "智能手机 smartphones", unit: "H87", kgPerUnit: 0.35, cnyPerUnit: 1450),
        Goods(hs: "8507600000", description: "锂离子蓄电池 lithium-ion batteries", unit: "H87", kgPerUnit: 0.9, cnyPerUnit: 260),
        Goods(hs: "8541430000", description: "光伏组件 photovoltaic modules", unit: "H87", kgPerUnit: 22, cnyPerUnit: 780),
    ]

    static let fruit = Goods(hs: "0810901000", description: "鲜荔枝 fresh lychees", unit: "KGM", kgPerUnit: 1, cnyPerUnit: 28)

    static let drivers = ["王伟", "李强", "张磊", "刘洋", "陈杰", "黄志明", "韦国良"]
    /// Guangxi address codes (Nanning, Fangchenggang, Chongzuo, Baise): the trucks come from there.
    static let regions = ["450103", "450602", "451402", "451002"]

    static func credit(_ first17: String) -> String { first17 + String(CheckDigits.creditCodeCheck(first17)) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

    /// One declaration document, exactly as a carrier would send it.
    mutating func declaration(today: CalendarDate, fruit withFruit: Bool? = nil) -> JSONValue {
        let trader = Self.traders[int(0...Self.traders.count - 1)]
        let hasFruit = withFruit ?? (int(0...3) == 0)
        var lines: [JSONValue] = []
        for _ in 0..<int(1...2) { lines.append(line(Self.electronics[int(0...Self.electronics.count - 1)])) }
        var certificates: [JSONValue] = []
        if hasFruit {
            lines.append(line(Self.fruit, quantity: int(8_000...16_000)))
            certificates.append([
                "kind": "phytosanitary", "number": .string("CIQ-450000-\(today.year)-\(int(100_000...999_999))"),
                "issuer": "General Administration of Customs of the PRC", "country": "CN",
                "issuedOn": .string(today.adding(days: -1)!.description), "expiresOn": .string(today.adding(days: 20)!.description),
                "goodsLines": [.number(JSONNumber(lines.count - 1))],
            ])
        }
        let born = CalendarDate(year: int(1968...1994), month: int(1...12), day: int(1...28))!
        let idNumber = residentID(born: born)
        let owners = ["CSQU", "MSCU", "CMAU", "OOLU"].map { String($0.prefix(3)) }
        let container = CheckDigits.containerNumber(owner: owners[int(0...owners.count - 1)], serial: int(100_000...999_999))
        return [
            "direction": "import",
            "crossing": "HUU_NGHI",
            "plannedCrossingOn": .string(today.adding(days: 1)!.description),
            "trader": ["taxCode": .string(trader.code), "name": .string(trader.name), "country": "CN"],
            "vehicle": [
                // 桂F is Wuzhou's office letter; 9 is avoided so no plate hits the watch list's 桂F99999.
                "plate": .string("桂F\(int(10_000...89_999))"), "plateCountry": "CN",
                "trailerPlate": .string("桂F\(int(1000...8999))挂"), "kind": "tractor_trailer",
                "containers": [["number": .string(container), "seal": .string("CN\(int(100_000...999_999))")]],
            ],
            "driver": [
                "fullName": .string(Self.drivers[int(0...Self.drivers.count - 1)]), "nationality": "CN", "birthDate": .string(born.description),
                "document": ["type": "resident_id", "number": .string(idNumber)],
                // A Chinese driving licence number is the holder's resident ID number.
                "licence": ["number": .string(idNumber), "class": "A2", "expiresOn": .string(today.adding(days: 365 * 4)!.description)],
            ],
            "goods": .array(lines),
            "quarantine": [
                "driverHealth": ["declaredOn": .string(today.description), "fever": false, "symptoms": []],
                "certificates": .array(certificates),
            ],
        ]
    }

    mutating func residentID(born: CalendarDate) -> String {
        let date = String(format: "%04d%02d%02d", born.year, born.month, born.day)
        let first17 = Self.regions[int(0...Self.regions.count - 1)] + date + String(format: "%03d", int(1...999))
        return first17 + String(CheckDigits.residentIDCheck(first17))
    }

    /// A goods line with weights and a value consistent with the kind of goods (the risk rules flag
    /// undervalued lines, and a realistic simulator should not trip them by accident).
    mutating func line(_ goods: Goods, quantity given: Int? = nil) -> JSONValue {
        // At most about 8 t of electronics a line, so a truck with two lines and fruit stays far
        // below the 60 t the intake allows any road vehicle.
        let quantity = given ?? min(int(200...5_000) * (goods.kgPerUnit < 0.1 ? 100 : 1), Int(8_000 / goods.kgPerUnit))
        let net = (Double(quantity) * goods.kgPerUnit).rounded(toPlaces: 2)
        let gross = (net * 1.08 + 15).rounded(toPlaces: 2)
        let value = (Double(quantity) * goods.cnyPerUnit).rounded(toPlaces: 2)
        return [
            "hsCode": .string(goods.hs), "description": .string(goods.description), "quantity": .number(JSONNumber(quantity)),
            "unit": .string(goods.unit), "grossKg": Self.number(gross), "netKg": Self.number(net), "value": Self.number(value),
            "currency": "CNY", "origin": "CN",
        ]
    }

    static func number(_ value: Double) -> JSONValue {
        .number(JSONNumber(String(format: "%.2f", value)) ?? JSONNumber(Int(value)))
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let factor = pow(10, Double(places))
        return (self * factor).rounded() / factor
    }
}
