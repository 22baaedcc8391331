import Testing
import TLS

@Suite struct DigestTests {
    @Test func sha256OfAbcMatchesTheFIPSVector() {
        #expect(Digest.hex(Digest.sha256(Array("abc".utf8)))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func sha256OfEmptyInputMatchesTheKnownValue() {
        #expect(Digest.hex(Digest.sha256([UInt8]()))
            == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func sha256AcceptsNonContiguousCollections() {
        let bytes = "abc".utf8  // String.UTF8View has no contiguous storage guarantee
        #expect(Digest.sha256(bytes) == Digest.sha256(Array("abc".utf8)))
    }

    @Test func hexIsLowercaseWithTwoDigitsPerByte() {
        #expect(Digest.hex([0x00, 0x0f, 0xab, 0xff]) == "000fabff")
        #expect(Digest.hex([UInt8]()) == "")
    }
}
