/// HS chapters whose goods need a quarantine certificate at intake, and of which kind. Whole chapters
/// only: where just part of a chapter is regulated (wood in 44, flour in 11, hides in 41, prepared
/// meat in 16) the intake stays quiet and the risk rules and the quarantine officers decide.
enum QuarantineChapters {
    /// Chapter → the certificate its goods need.
    static let required: [Int: CertificateKind] = [
        1: .veterinary,     // live animals
        2: .veterinary,     // meat and edible offal
        3: .veterinary,     // fish, crustaceans, molluscs
        4: .veterinary,     // dairy produce, eggs, honey
        5: .veterinary,     // other products of animal origin
        6: .phytosanitary,  // live trees and plants, bulbs, cut flowers
        7: .phytosanitary,  // edible vegetables, roots and tubers
        8: .phytosanitary,  // edible fruit and nuts (durian, dragon fruit, lychee…)
        9: .phytosanitary,  // coffee, tea, spices
        10: .phytosanitary, // cereals
        12: .phytosanitary, // oil seeds, seeds for sowing, fodder
        14: .phytosanitary, // vegetable plaiting materials
    ]
}
