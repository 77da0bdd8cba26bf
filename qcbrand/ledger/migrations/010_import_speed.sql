-- Version 10 (issue 13): imports at 200,000 rows a second.
--
-- The name key of a name that is already normalised (NFKC, single spaces), as codes.name_key gives it: spaces
-- out, brackets full-width, and the first legal-form suffix in codes._LEGAL_FORMS that leaves at least two
-- characters taken off. Written as codes.name_key's loop, without a regular expression: an import of a
-- hundred thousand names keys them in milliseconds.
-- (One macro, no helper: EXPORT DATABASE writes macros in an order that a helper would not survive.)
CREATE OR REPLACE MACRO name_key(x) AS
    CASE WHEN ends_with(replace(replace(replace(x, ' ', ''), '(', '（'), ')', '）'), '有限责任公司') AND length(replace(replace(replace(x, ' ', ''), '(', '（'), ')', '）')) > 7
              THEN left(replace(replace(replace(x, ' ', ''), '(', '（'), ')', '）'), length(replace(replace(replace(x, ' ', ''), '(', '（'), ')', '）')) - 6)
         WHEN ends_with(replace(replace(replace(x, ' ', ''), '(', '（'), ')', '）'), '有限公司') AND length(replace(replace(replace(x, ' ', ''), '(', '（'), ')', '）')) > 5
              THEN left(replace(replace(replace(x, ' ', ''), '(', '（'), ')', '）'), length(replace(replace(replace(x, ' ', ''), '(', '（'), ')', '）')) - 4)
         WHEN ends_with(replace(replace(replace(x, ' ', ''), '(', '（'), ')', '）'), '公司') AND length(replace(replace(replace(x, ' ', ''), '(', '（'), ')', '）')) > 3
              THEN left(replace(replace(replace(x, ' ', ''), '(', '（'), ')', '）'), length(replace(replace(replace(x, ' ', ''), '(', '（'), ')', '）')) - 2)
         WHEN ends_with(replace(replace(replace(x, ' ', ''), '(', '（'), ')', '）'), '厂') AND length(replace(replace(replace(x, ' ', ''), '(', '（'), ')', '）')) > 2
              THEN left(replace(replace(replace(x, ' ', ''), '(', '（'), ')', '）'), length(replace(replace(replace(x, ' ', ''), '(', '（'), ')', '）')) - 1)
         ELSE replace(replace(replace(x, ' ', ''), '(', '（'), ')', '）') END;

-- The record tables' indexes on enterprise_id: every read by enterprise now goes through the facts table (a
-- scan of one column), and an ART index costs an import of a hundred thousand rows a tenth of a second at
-- its commit, and the database file its size. The enterprise name key keeps its index (matching reads it).
DROP INDEX IF EXISTS famous_brands_enterprise;
DROP INDEX IF EXISTS trademarks_enterprise;
DROP INDEX IF EXISTS quality_awards_enterprise;
DROP INDEX IF EXISTS other_honours_enterprise;
DROP INDEX IF EXISTS standard_drafters_enterprise;
