-- A version row (the document with its lane decision: about 2.5 to 3.5 KB for a declaration of a
-- few goods lines with two fired rules) is past the 2 KB beyond which PostgreSQL compresses the
-- document and, the row still too long, moves it out of line into the TOAST table: one more heap
-- row and index entry a declaration, written by the group commit's single backend, where that
-- work was 6.5% of the instructions a declaration costs it (counted under callgrind,
-- Docs/benchmarks.md, 2026-12-04). The declaration's own row (its current document) is just past
-- 2 KB too, and was compressed inline: 2.9% more. Rows up to 4 KB now stay inline and
-- uncompressed; longer ones (declarations with many goods lines) are compressed, and moved out of
-- line, as before. Rows already written stay as they are. (Storage MAIN, compressed but inline,
-- cost 1.4% more than compressing and moving out of line.)
ALTER TABLE declaration_versions SET (toast_tuple_target = 4080);
ALTER TABLE declarations SET (toast_tuple_target = 4080);
