-- How well an enterprise `e` (of a `named` CTE: place_chars, core_pinyin) matches what a person typed, as the
-- WHEN lines of a CASE: 0 the exact name or code, 1 begins with it, 2 contains it (or a former name does), 3 pinyin
-- or initials at the start of the name or of the name after its place words. Shared by the search and the listing.
WHEN e.uscc = $code OR e.name_key = $key OR e.name = $text THEN 0
WHEN $key <> '' AND starts_with(e.name_key, $key) THEN 1
WHEN $key <> '' AND (contains(e.name_key, $key) OR contains(array_to_string(e.former_names, '|'), $key)) THEN 2
WHEN $pinyin IS NOT NULL AND (starts_with(e.name_pinyin, $pinyin) OR starts_with(e.core_pinyin, $pinyin)
                              OR starts_with(e.name_initials, $pinyin)
                              OR starts_with(substr(e.name_initials, e.place_chars + 1), $pinyin)) THEN 3
