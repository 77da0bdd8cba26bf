-- Enterprises found by what a person types: the credit code ($code), or a name ($key, its name key), or
-- pinyin and initials ($pinyin: hengda, hd). Ranked as people expect: the exact name or code first, then
-- names that begin with the text, then names (or former names) that contain it, then pinyin or initials at
-- the start of the name or of a word of it (the name after its place words, $place: 某某市某某区|恒达… → 恒达),
-- shorter names first within each, then in pinyin order (as a phone book: hengda before hongda). Pinyin or
-- initials in the middle of a word are no match (heng is not the end of 华盛's huasheng).
WITH named AS (
    SELECT e.*, length(e.name) - length(regexp_replace(e.name, $place, '')) AS place_chars,
           regexp_replace(e.name_pinyin, $place_pinyin, '') AS core_pinyin
    FROM enterprises e
    WHERE e.merged_into IS NULL
), found AS (
    SELECT e.*,
           CASE
-- include: name_match_rank
           END AS match_rank
    FROM named e
)
SELECT f.enterprise_id, f.name, f.uscc, f.district_code, d.name_zh AS district_zh, d.name_en AS district_en,
       f.industry, f.former_names, f.match_rank
FROM found f
LEFT JOIN districts d ON d.code = f.district_code
WHERE f.match_rank IS NOT NULL
ORDER BY f.match_rank, length(f.name), f.name_pinyin, f.name
LIMIT $limit
