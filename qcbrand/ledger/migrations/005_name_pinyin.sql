-- Version 5 (issue 10): search as people type. Every enterprise name gets its pinyin (hengda) and initials
-- (hd), so that a name can be found by either; derived.refresh_name_index keeps them for new names.
-- Frozen: schema only. The derived rows are rebuilt by the store once the schema is at its latest version.

ALTER TABLE enterprises ADD COLUMN name_pinyin VARCHAR;
ALTER TABLE enterprises ADD COLUMN name_initials VARCHAR;
CREATE TABLE pinyin_chars (ch VARCHAR PRIMARY KEY, pinyin VARCHAR NOT NULL, initial VARCHAR NOT NULL);
