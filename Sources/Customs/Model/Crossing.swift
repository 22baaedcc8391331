/// The two dedicated freight roads of the smart-gate pilot in Lạng Sơn.
public enum Crossing: String, Sendable, CaseIterable {
    /// Hữu Nghị (VN) – Youyiguan 友谊关 (CN), the freight road at border markers 1119–1120.
    case huuNghi = "HUU_NGHI"
    /// Tân Thanh (VN) – Pò Chài/Puzhai 浦寨 (CN), the freight road at border markers 1088/2–1089.
    case tanThanh = "TAN_THANH"
}
