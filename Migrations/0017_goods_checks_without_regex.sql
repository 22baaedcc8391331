-- A goods line's HS code, currency and origin keep the shapes of Migrations/0002 (8 or 10 ASCII
-- digits, three and two ASCII capitals), checked without regular expressions: each regex check
-- ran the regex engine once per line, three per line, 12 for the benchmark's declaration, and
-- was 1.8% of the instructions a declaration costs the group commit's backend (callgrind,
-- Docs/benchmarks.md, 2026-12-04). `ltrim(x, set) = ''` holds exactly when every character of x
-- is in the set, and those characters are one byte each, so the byte length is the length. Every
-- stored line met the old checks, so it meets these (validated below all the same).

ALTER TABLE declaration_goods
    DROP CONSTRAINT declaration_goods_hs_code_check,
    DROP CONSTRAINT declaration_goods_currency_check,
    DROP CONSTRAINT declaration_goods_origin_check,
    ADD CONSTRAINT declaration_goods_hs_code_check
        CHECK (octet_length(hs_code) IN (8, 10) AND ltrim(hs_code, '0123456789') = ''),
    ADD CONSTRAINT declaration_goods_currency_check
        CHECK (octet_length(currency) = 3 AND ltrim(currency, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') = ''),
    ADD CONSTRAINT declaration_goods_origin_check
        CHECK (octet_length(origin) = 2 AND ltrim(origin, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') = '');
