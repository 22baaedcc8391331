/// The order PostgreSQL's jsonb keeps an object's keys in (lengthCompareJsonbStringValue): shorter
/// keys first, keys of one length by their bytes. jsonb sorts each object's keys as it parses, and
/// its sort checks for sorted input first, so the group commit writes its batch in this order:
/// parsing 34 rows as the daemon builds them cost 34.0 µs a declaration, in this order 28.9
/// (Docs/benchmarks.md, "Where the time went", 2026-12-02).
public enum JSONBKeyOrder {
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let (la, lb) = (a.utf8.count, b.utf8.count)
        return la != lb ? la < lb : a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
