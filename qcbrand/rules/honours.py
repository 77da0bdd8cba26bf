"""Which catalogue honour a text names, read whole: never the longest name it happens to contain.

A heading, a headed line, a prose clause, a table title, a 类别/奖项 cell or --honour names a catalogue honour
only if, once the parts that are understood are taken away, what is left is exactly one kind's name or alias.
Understood parts: a year (2019年, 2019年度, 二〇一九年度), a batch (第二批), a count (共N个, N家企业, N项, N名, N家次),
list words (名单, 获奖名单, 认定名单, 拟认定, 公示, 排名不分先后 …), a document's wrapper (关于…的通知), quotes and
brackets around them, and place words. A place word is not simply dropped: it stands for its level (this city,
one of its districts, the province), on both sides, so 某市市长质量奖 is this city's 市长质量奖 but 某市质量奖 is not
江苏省质量奖, and 南京市市长质量奖 (another city) is nothing at all. Anything else left over (提名奖, 优秀奖,
入围奖, 先进个人, 培育, 示范 …) makes another honour: the caller refuses the list and shows what is left over.

Plain functions over the catalogue (name/alias -> (code, category)); no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qcbrand.rules.codes import normalise_text
from qcbrand.rules.hanzi import CHINESE_NUMERAL, to_simplified
from qcbrand.rules.places import Places, places

_NUM = rf"(?:\d+|[{CHINESE_NUMERAL}]+)"
_DIGIT = "0-9〇零一二三四五六七八九○Ｏ"
YEAR = re.compile(rf"(?P<y>(?:19|20)\d{{2}}|[一二][〇零九○Ｏ][{_DIGIT}]{{2}})\s*年(?:度)?")
BATCH = re.compile(rf"第\s*{_NUM}\s*批(?:次)?")
COUNT = re.compile(
    rf"[（(]?\s*(?:共\s*)?{_NUM}\s*(?:家次|个|家|项|名|人|件|位|所)(?:企业|单位|项目|个人|产品)?\s*[）)]?")
_WRAPPER_TAIL = re.compile(r"的(?:通知|公告|决定|通报|公示|批复|函)$")
_ASIDE = re.compile(r"[（(](?:排名不分先后|按[^）)]{0,12}排序|排序不分先后|不分先后)[）)]")
_QUOTES = "“”\"「」『』《》‘’'"
_EDGES = _QUOTES + ":：。.，,、；; "
TOKENS = {"city": "〈市〉", "district": "〈区〉", "province": "〈省〉"}


@dataclass(frozen=True)
class Match:
    """How a text was read: `code` the kind it names (None if none, or several), `core` what was left once the
    understood parts went (with place levels as 〈市〉 〈区〉 〈省〉), `year` a year it gives, `others` places of
    another city it names, `ambiguous` the codes a core fits when it fits more than one."""

    text: str
    code: str | None
    core: str
    year: int | None = None
    others: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    near: str | None = None  # the kind whose name the text holds with something more (提名奖 after 市长质量奖)
    extra: str = ""  # that something more


def chinese_year(text: str) -> int:
    """2019, 二〇一九 or 二零一九 as a number."""
    if text.isdigit() and text.isascii():
        return int(text)
    digits = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    return int("".join(str(digits[ch]) if ch in digits else ch for ch in text))


def _level(word: str, where: Places) -> str:
    place = where.words[word]
    return TOKENS.get(place.level, "") if place.level != "other" else f"〔{place.city}〕"


def tokenise(text: str, where: Places | None = None) -> tuple[str, tuple[str, ...]]:
    """The text with each place word replaced by its level's token, and the other cities it names."""
    where = where or places()
    others: list[str] = []

    def replace(m: re.Match[str]) -> str:
        place = where.words[m.group(0)]
        if place.level == "other":
            others.append(place.city)
        return _level(m.group(0), where)

    return where.pattern.sub(replace, text), tuple(dict.fromkeys(others))


def _clean(text: str) -> str:
    return to_simplified(normalise_text(text)).replace(" ", "")


def core(text: str, where: Places | None = None) -> tuple[str, int | None, tuple[str, ...]]:
    """(what is left of a text once the understood parts go, its year, the other cities it names)."""
    text = _clean(text)
    year_m = YEAR.search(text)
    year = chinese_year(year_m["y"]) if year_m else None
    text = _ASIDE.sub("", text)
    text = YEAR.sub("", text)
    text = BATCH.sub("", text)
    text = COUNT.sub("", text)
    text, others = tokenise(text, where)
    # 某某地区, (某某地区), （某某区）: a place and the brackets around it are understood
    text = re.sub(r"(〈[市区省]〉)(?:地区|范围|部分|辖区)", r"\1", text)
    text = re.sub(r"[(（]((?:〈[市区省]〉)+)[)）]", r"\1", text)
    text = _WRAPPER_TAIL.sub("", text)
    return text.strip(_EDGES), year, others


def _variants(text: str) -> list[str]:
    """The text, then with list words taken from its end and its start one step at a time, then with the
    quotes' outside understood (“江苏精品”认证企业名单 → 江苏精品), each also without a leading place of this
    city (某某市江苏名牌产品名单: this city's list of a provincial honour)."""
    out = [text]
    seen = {text}

    def push(value: str) -> None:
        value = value.strip(_EDGES)
        if value and value not in seen:
            seen.add(value)
            out.append(value)

    quoted = re.findall(r"[“\"「『《]([^”\"」』》]+)[”\"」』》]", text)
    if len(quoted) == 1:
        outside = re.sub(r"[“\"「『《][^”\"」』》]+[”\"」』》]", "|", text, count=1)
        before, after = outside.split("|", 1)
        if _understood_outside(before, after):
            push(quoted[0])
    current = text
    while (step := _one_word_less(current)) is not None:  # one word at a time: 先进单位 is tried before it is cut
        push(step)
        current = step
    push(_QUOTE_RE.sub("", text))
    for value in list(out):
        for token in (TOKENS["city"], TOKENS["district"]):
            if value.startswith(token) and len(value) > len(token):
                push(value[len(token):])
        # a place may be written as its level's word alone: 市质量管理先进单位, 省著名商标
        for token, word in ((TOKENS["city"], "市"), (TOKENS["province"], "省"), (TOKENS["district"], "区")):
            if token in value:
                push(value.replace(token, word))
    return out


_QUOTE_RE = re.compile(f"[{re.escape(_QUOTES)}]")
_TAIL_WORDS = tuple(sorted((
    "名单", "名录", "清单", "目录", "一览表", "汇总表", "统计表", "公示", "公告", "公布", "企业及产品", "企业和产品", "企业与产品",
    "企业", "单位", "产品", "项目", "获得者", "获奖者", "组织", "认证", "认定", "命名", "授予", "表彰", "获奖", "入选", "评选", "通过",
    "复核", "确认", "推荐", "获得", "拟", "建议", "荣誉称号", "称号"), key=len, reverse=True))
_HEAD_WORDS = tuple(sorted(("关于", "拟", "建议", "公布", "公示", "印发", "下达", "命名", "表彰", "认定", "授予", "确认", "发布", "通报",
                            "对"), key=len, reverse=True))


def _one_word_less(text: str) -> str | None:
    """The text without one list word at its end (else at its start), or None when it has none."""
    for word in (*_TAIL_WORDS, TOKENS["city"], TOKENS["district"]):  # 名单（某某地区）: the list's place
        if text.endswith(word) and len(text) > len(word):
            return text[: -len(word)].strip(_EDGES)
    for word in _HEAD_WORDS:
        if text.startswith(word) and len(text) > len(word):
            return text[len(word):].strip(_EDGES)
    return None


def _understood_outside(before: str, after: str) -> bool:
    """Whether the text around a quoted honour is only list words (and place tokens, already in them)."""
    for part in (before, after):
        rest = part.strip(_EDGES)
        while rest:
            for token in TOKENS.values():
                if rest.startswith(token):
                    rest = rest[len(token):].strip(_EDGES)
                    break
            else:
                step = _one_word_less(rest)
                if step is None:
                    if rest in _TAIL_WORDS or rest in _HEAD_WORDS:
                        rest = ""
                        break
                    return False
                rest = step
    return True


class Index:
    """The catalogue's names and aliases read the same way (their cores), for matching whole."""

    def __init__(self, catalogue: dict[str, tuple[str, str]], where: Places | None = None) -> None:
        self.where = where or places()
        self.catalogue = catalogue
        self.by_core: dict[str, set[str]] = {}
        for name, (code, _category) in catalogue.items():
            if name.isascii():
                continue
            key, _, _ = core(name, self.where)
            self.by_core.setdefault(key, set()).add(code)

    def match(self, text: str) -> Match:
        cleaned = _clean(text)
        exact = self.catalogue.get(cleaned) or self.catalogue.get(cleaned.lower())
        if exact is not None:
            return Match(text, exact[0], cleaned)
        key, year, others = core(text, self.where)
        if others:
            return Match(text, None, key, year, others)
        for variant in _variants(key):
            codes = self.by_core.get(variant)
            if codes and len(codes) == 1:
                return Match(text, next(iter(codes)), variant, year)
            if codes:
                return Match(text, None, variant, year, ambiguous=tuple(sorted(codes)))
        near = max((k for k in self.by_core if len(k) >= 2 and k in key), key=len, default=None)
        if near is not None and len(self.by_core[near]) == 1:
            extra = _QUOTE_RE.sub("", key.replace(near, "", 1))
            return Match(text, None, key, year, near=next(iter(self.by_core[near])), extra=extra)
        return Match(text, None, key, year)


def clashes(kinds: list[tuple[str, list[str]]]) -> list[tuple[str, str, str]]:
    """(name, code, other code) for every name or alias two kinds share, also when two of their names read alike
    once place words are read (某某老字号 and 某某市老字号): `kinds` are (code, [name_zh, name_en, aliases …])."""
    owner: dict[str, str] = {}
    out: dict[tuple[str, str], tuple[str, str, str]] = {}
    for code, names in kinds:
        for name in names:
            text = normalise_text(str(name)).replace(" ", "")
            keys = [text.lower()] if text.isascii() else [text, "core:" + core(text)[0]]
            for key in keys:
                held = owner.setdefault(key, code)
                if held != code and (held, code) not in out:
                    out[(held, code)] = (name, held, code)
    return list(out.values())


_INDEXES: dict[int, tuple[dict[str, tuple[str, str]], Index]] = {}


def index(catalogue: dict[str, tuple[str, str]]) -> Index:
    """The index of a catalogue, built once per catalogue object."""
    held = _INDEXES.get(id(catalogue))
    if held is None or held[0] is not catalogue:
        if len(_INDEXES) > 32:
            _INDEXES.clear()
        held = (catalogue, Index(catalogue))
        _INDEXES[id(catalogue)] = held
    return held[1]


def match(text: str, catalogue: dict[str, tuple[str, str]]) -> Match:
    return index(catalogue).match(text)
