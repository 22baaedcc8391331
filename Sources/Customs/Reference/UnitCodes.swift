/// The units of quantity accepted on a goods line: UN/ECE Recommendation 20 codes for measures and
/// counts, plus the Recommendation 21 package codes that VNACCS accepts as units, for goods counted
/// in cartons or crates. `PCE` is kept beside `H87` because VNACCS and carriers still use it.
enum UnitCodes {
    static let names: KeyValuePairs<String, String> = [
        "KGM": "kilogram",
        "TNE": "tonne (metric ton)",
        "GRM": "gram",
        "LTR": "litre",
        "MTQ": "cubic metre",
        "MTR": "metre",
        "MTK": "square metre",
        "H87": "piece",
        "PCE": "piece (VNACCS)",
        "C62": "one (unit)",
        "NAR": "number of articles",
        "SET": "set",
        "PR": "pair",
        "DZN": "dozen",
        "CT": "carton",
        "BX": "box",
        "BG": "bag",
        "PK": "package",
        "CS": "case",
        "CR": "crate",
        "DR": "drum",
        "BE": "bundle",
        "RO": "roll",
    ]

    static let accepted: Set<String> = Set(names.map(\.key))
}
