"""Reading notices as governments publish them, as text: which honour, which year, who.

The shapes (see DESIGN.md, "How the lists are published"):
- sectioned notices: a numbered heading per honour (一、 （一） 1．), with an optional year of its own
  (2014年…, which wins over the title's) and an optional count (共6个, 6家企业, 8项), then the names;
- commendation lists: a line that is a year and an honour (2020年江苏省省长质量奖), then a name a line;
- prose decisions: 授予甲、乙…等6家企业“2014年某某市市长质量奖”，授予丙…“…”称号, any number of clauses.
Names are separated by 、，；or new lines, with numbering such as (1) 1、 1. stripped. A person
(王某某（某某集团有限公司董事长）) is recognised as one. Traditional characters are read as simplified ones.

Nothing here knows the ledger beyond the honour-kind catalogue it is given; prepare.py validates and commit.py writes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from qcbrand.errors import QcbrandError
from qcbrand.rules import honours
from qcbrand.rules.codes import normalise_text
from qcbrand.rules.hanzi import CHINESE_NUMERAL, number, to_simplified
from qcbrand.rules.names import read_name
from qcbrand.rules.places import Place, places

# A catalogue as listrows.kind_catalogue gives it: every name and alias -> (code, category).
Catalogue = dict[str, tuple[str, str]]

_CN = "一二三四五六七八九十"
_NUM = rf"(?:\d+|[{CHINESE_NUMERAL}]+)"
# 一、 二． （一） (一): always a heading
_CN_HEADING = re.compile(rf"^(?:[{_CN}]+\s*[、.．]|[（(]\s*[{_CN}]+\s*[）)])\s*(?P<rest>.+)$")
# 1． 1、 1. (1) （1） ①: a heading when what follows reads as one, else a numbered name
_AR_NUMBERED = re.compile(r"^(?:\d{1,3}\s*[、.．]|[（(]\s*\d{1,3}\s*[）)]|[①-⑳])\s*(?P<rest>.*)$")
_COUNT_BRACKETED = re.compile(
    rf"[（(]\s*(?:共\s*)?(?P<n>{_NUM})\s*(?:个|家|项|名|人|件|位|所)(?:企业|单位|项目|个人)?\s*[）)]")
_COUNT_TAIL = re.compile(rf"(?:共\s*(?P<a>{_NUM})\s*(?:个|家|项|名|人|件|位)|(?P<b>\d+)\s*(?:家企业|家单位|项))\s*$")
_YEAR = honours.YEAR
_LEADING_YEAR = re.compile(r"^\s*" + honours.YEAR.pattern)
# the date a notice is issued on, at its foot: 2019年12月20日 or 二〇一九年十二月二十日
_FOOT_DATE = re.compile(rf"^(?P<y>(?:19|20)\d{{2}}|[一二][〇零○][{_CN}〇零○]{{2}})年(?P<m>\d{{1,2}}|[{_CN}]{{1,3}})月"
                        rf"(?P<d>\d{{1,2}}|[{_CN}]{{1,3}})日$")
_HEADING_SUFFIXES = ("拟表彰名单", "获奖企业名单", "获奖单位名单", "获奖名单", "企业名单", "单位名单", "表彰名单", "名单",
                     "获奖企业", "获奖单位", "获得者", "荣誉称号", "称号")
# what an honour's name ends with, for a headed line whose honour is not in the catalogue
_HONOUR_ENDINGS = ("奖", "奖项", "称号", "单位", "企业", "示范区", "试点", "品牌", "商标", "产品", "名牌", "老字号", "标兵",
                   "集体", "个人")
_ETC = re.compile(rf"^(?P<name>.+?)等\s*(?P<n>{_NUM})\s*(?:家|个|项|件|名|位)(?:企业|单位)?\s*$")
_GRANT = re.compile(
    rf"授予(?P<names>[^“”\"「」『』]+?)(?:等\s*(?P<n>{_NUM})\s*(?:家|个|名|位|人|所)(?:企业|单位|同志|个人)?)?\s*"
    r"[“\"「『](?P<honour>[^”\"」』]+)[”\"」』](?:荣誉)?(?:称号)?")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［【（(]\s*(?:19|20)\d{2}\s*[〕\]］】）)]\s*\d{1,4}\s*号")
_CLOSING = re.compile(r"^(?:特此|以上|附件|抄送|抄报|联系人|联系电话|注[:：]|备注)")
_SIGNATURE_ENDINGS = ("人民政府", "人民政府办公室", "委员会", "领导小组", "监督管理局", "办公厅", "办公室")
_SEPARATORS = "、，,；;"
_NUMERAL_ONLY = re.compile(r"^[（(]?\d{1,3}[）)]?$")
_LIST_FOLLOWS = ("下列", "以下", "如下", "下述")
_TITLE_WORDS_DOC = ("关于", "决定", "通知", "名单", "公告", "表彰", "公示")
_PERSON = re.compile(r"^(?P<name>[\u4e00-\u9fff·]{2,5})\s*[（(](?P<org>.+)[）)]$")
_ORG_WORDS = ("公司", "厂", "集团", "局", "院", "所", "中心", "协会", "学会", "大学", "学校", "医院", "银行", "站", "社", "店", "馆")
_TITLE_WORDS = ("董事长", "总经理", "经理", "厂长", "主任", "院长", "所长", "总工程师", "工程师", "首席质量官", "书记", "局长",
                "处长", "总裁", "总监", "技师", "教授", "研究员", "负责人", "创始人", "校长", "会长")


@dataclass
class Section:
    """One honour's list within a notice."""

    line: int
    heading: str  # as written (in simplified characters)
    honour_text: str  # the honour as the notice names it
    kind: str | None  # its catalogue code, None if the catalogue does not have it
    year: int | None  # the year the section gives itself
    stated: int | None  # the count it states (共N个, N家企业, 等N家 in prose)
    shape: str  # numbered | headed | prose
    etc: int | None = None  # a list closed by 等N家: the names given are only part of it
    found: int = 0
    match: honours.Match | None = None  # how its honour was read (None for a section of a place)
    place: Place | None = None  # a section that is a place (一、南京市（3个）) under an honour
    left_out: list[tuple[int, str, str]] = field(default_factory=list)  # (line, name, why) of names not taken


@dataclass
class Item:
    """One laureate: an organisation, or a person with the organisation the list gives in brackets."""

    line: int
    name: str
    section: Section
    person_org: str | None = None
    former: tuple[str, ...] = ()
    place: Place | None = None  # a place the name's brackets give (某某公司（某某区）)

    @property
    def is_person(self) -> bool:
        return self.person_org is not None


@dataclass
class Notice:
    title: str | None
    doc_numbers: list[str]
    title_year: int | None
    sections: list[Section] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    converted: bool = False  # the text had traditional characters
    original: str = ""
    issued: dt.date | None = None  # the date at the notice's foot
    problems: list[tuple[int, str, str, str]] = field(default_factory=list)  # (line, text, zh, en) not understood

    def year_of(self, section: Section, override: int | None = None) -> int | None:
        """A section's own year wins; else the year the editor gave (--year); else the title's; else the
        year of the date the notice was issued on."""
        return section.year or override or self.title_year or (self.issued.year if self.issued else None)


def match_kind(text: str, kinds: Catalogue) -> str | None:
    """The catalogue kind a heading names, read whole (honours.py): 某市市长质量奖提名奖 is not 市长质量奖."""
    return honours.match(text, kinds).code


def honour_name(text: str) -> str:
    """An honour as a heading or a clause names it, without its year, count, quotes and list words."""
    text = normalise_text(text).replace(" ", "")
    text = _COUNT_BRACKETED.sub("", text)
    text = _COUNT_TAIL.sub("", text)
    text = _YEAR.sub("", text, count=1)
    text = text.strip("“”\"「」『』《》:：。.")
    changed = True
    while changed:
        changed = False
        for suffix in _HEADING_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)].strip("“”\"「」『』")
                changed = True
    return text


def _stated(text: str) -> int | None:
    if m := _COUNT_BRACKETED.search(text):
        return number(m["n"])
    if m := _COUNT_TAIL.search(text):
        return number(m["a"] or m["b"])
    return None


def _year(text: str) -> int | None:
    m = _YEAR.search(text)
    return honours.chinese_year(m["y"]) if m else None


def foot_date(text: str) -> dt.date | None:
    """二〇一九年十二月二十日 or 2019年12月20日 as a date; None for any other text."""
    m = _FOOT_DATE.match(text.replace(" ", ""))
    if not m:
        return None
    try:
        return dt.date(honours.chinese_year(m["y"]), number(m["m"]), number(m["d"]))
    except ValueError:
        return None


def _place_heading(text: str) -> Place | None:
    """The place a heading is, when it is nothing but a place and a count (一、南京市（3个））."""
    bare = _COUNT_BRACKETED.sub("", normalise_text(text).replace(" ", ""))
    bare = _COUNT_TAIL.sub("", bare).strip("：:。")
    return places().lookup(bare)


def _reads_as_heading(text: str, kinds: Catalogue) -> bool:
    """Whether the text after a numeral (1． …) is a heading rather than a numbered name."""
    if any(sep in text for sep in _SEPARATORS):
        return False
    name = honour_name(text)
    if name in kinds or _place_heading(text) is not None:
        return True
    if _LEADING_YEAR.match(text) or _stated(text) is not None or text.rstrip().endswith(("：", ":")):
        return bool(match_kind(text, kinds)) or name.endswith(_HONOUR_ENDINGS) or honours.match(text, kinds).near is not None
    return False


def _headed_line(text: str, kinds: Catalogue) -> bool:
    """A line that is a year and an honour, with nothing else (2020年江苏省省长质量奖提名奖)."""
    if any(sep in text for sep in _SEPARATORS) or len(text) > 40:
        return False
    name = honour_name(text)
    found = honours.match(text, kinds)
    if not _LEADING_YEAR.match(text):
        return found.code is not None  # the honour alone, or with 名单 / 获奖名单
    return found.code is not None or found.near is not None or name.endswith(_HONOUR_ENDINGS)


def split_names(text: str) -> list[str]:
    """Names separated by 、，；(not inside brackets), with numbering and closing punctuation stripped."""
    text = text.strip()
    while (m := _AR_NUMBERED.match(text)) and m["rest"]:  # 2、某某甲公司: the numeral's 、 is no separator
        text = m["rest"].strip()
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        if ch in _SEPARATORS and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    out = []
    for part in parts:
        name = part.strip().rstrip("。.")
        while (m := _AR_NUMBERED.match(name)) and m["rest"]:
            name = m["rest"].strip()
        if name and not _NUMERAL_ONLY.match(name):  # 1、甲公司、2、乙公司
            out.append(name)
    return out


def person(name: str) -> tuple[str, str] | None:
    """(person, organisation) for 王某某（某某集团有限公司董事长）; None for an organisation's name."""
    m = _PERSON.match(name)
    if not m or any(word in m["name"] for word in _ORG_WORDS):
        return None
    org = m["org"].strip()
    if any(word in org for word in _ORG_WORDS + _TITLE_WORDS):
        return m["name"], org
    return None


def _trailing_lines(lines: list[str]) -> int:
    """How many lines at the end are the notice's closing (the issuer, the date): never names."""
    end = len(lines)
    while end > 0:
        text = normalise_text(lines[end - 1])
        if not text or _CLOSING.match(text) or text.endswith(_SIGNATURE_ENDINGS) or foot_date(text):
            end -= 1
            continue
        break
    return len(lines) - end


_NEWS_VERB = re.compile(r"(?:荣获|获得|喜获|获评|被授予|被认定为|被评为|被命名为|入选|获)")
_QUALIFIERS = ("提名奖", "优秀奖", "入围奖", "鼓励奖", "提名", "优秀奖提名")


def news_clauses(line: str) -> list[tuple[str, str]]:
    """The (names, honour) clauses of a news item, a bare qualifier (丙公司获提名奖) taking the honour of the clause
    before it (2023年江苏省省长质量奖提名奖); [] when the line does not read as one (no clause names a year)."""
    out: list[tuple[str, str]] = []
    previous: str | None = None
    for clause in re.split(r"[，,。；;]", line):
        clause = clause.strip()
        if not clause:
            continue
        m = _NEWS_VERB.search(clause)
        if not m or m.start() == 0:
            return [] if not out else out
        names, honour = clause[: m.start()], clause[m.end():].strip("“”\"")
        names = re.sub(r"^(?:近日|日前|近期|今年|去年)?[，,]?", "", names)
        names = names.removesuffix("等")
        for word in places().words:  # 我市甲公司: the place before the names is this city's
            if names.startswith(word) and places().words[word].level in ("city", "district"):
                names = names[len(word):]
                break
        if honour in _QUALIFIERS and previous is not None:
            honour = previous + honour
        elif not _YEAR.search(honour) and previous is None:
            return []
        out.append((names, honour))
        previous = honour
    return out


def parse(text: str, kinds: Catalogue) -> Notice:
    """Read a notice. Raises QcbrandError when the text has no shape this reader knows."""
    simplified = to_simplified(text)
    lines = simplified.splitlines()
    numbers = [n for line in lines for n in _DOC_NUMBER.findall(normalise_text(line).replace(" ", ""))]
    notice = Notice(title=None, doc_numbers=list(dict.fromkeys(numbers)), title_year=None, converted=simplified != text,
                    original=text)
    cut = len(lines) - _trailing_lines(lines)
    for line in lines[cut:]:
        if (issued := foot_date(normalise_text(line))) is not None:
            notice.issued = issued
    current: Section | None = None
    honour_section: Section | None = None  # the honour a place's section (一、南京市) lists

    def title_match() -> honours.Match | None:
        for line in preamble:
            found = honours.match(line, kinds)
            if found.code is not None:
                return found
        return None

    def open_section(number_: int, heading: str, shape: str, stated: int | None = None, honour: str | None = None) -> Section:
        nonlocal honour_section
        text = honour if honour is not None else heading
        place = _place_heading(text) if honour is None else None
        if place is not None:  # a section of one place under the honour above it, or the title's
            parent = honour_section.match if honour_section is not None else title_match()
            section = Section(number_, heading, parent.text if parent else text, parent.code if parent else None,
                              (honour_section.year if honour_section else None) or (parent.year if parent else None),
                              stated if stated is not None else _stated(heading), shape, match=parent, place=place)
            notice.sections.append(section)
            return section
        found = honours.match(text, kinds)
        section = Section(number_, heading, honour_name(text), found.code, _year(text),
                          stated if stated is not None else _stated(heading), shape, match=found)
        notice.sections.append(section)
        honour_section = section
        return section

    def add(number_: int, names: list[str], section: Section, last_may_close: bool) -> None:
        for index, name in enumerate(names):
            if last_may_close and index == len(names) - 1 and (m := _ETC.match(name)):
                name = m["name"].strip()
                section.etc = number(m["n"])
            section.found += 1
            who = person(name)
            if who:
                notice.items.append(Item(number_, who[0], section, who[1]))
                continue
            read = read_name(name)
            if read.problem is not None:
                notice.problems.append((number_, name, *read.problem))
                continue
            place = read.place or section.place
            if place is not None and place.level == "other":
                section.left_out.append((number_, name, place.city))
                continue
            notice.items.append(Item(number_, read.name, section, None, read.former, read.place))

    preamble: list[str] = []
    index = 0
    while index < cut:
        number_, line = index + 1, normalise_text(lines[index])
        index += 1
        if not line:
            continue
        if "授予" in line and any(q in line for q in "“\"「『"):
            # a clause may wrap: read on while a quote is open or a 授予 after the last quote is unfinished
            while index < cut and normalise_text(lines[index]) and (
                    line.count("“") > line.count("”") or "授予" in line.rsplit("”", 1)[-1]):
                line += normalise_text(lines[index])
                index += 1
            clauses = list(_GRANT.finditer(line))
            if not clauses:
                raise QcbrandError(f"第{number_}行的“授予……”句式无法识别：{line[:40]}",
                                   f"line {number_}: the 授予 (conferring) sentence is not understood: {line[:40]}")
            current = None
            for m in clauses:
                stated = number(m["n"]) if m["n"] else None
                names = m["names"].strip()
                if names.startswith(_LIST_FOLLOWS):  # 授予下列企业“…”称号： the names follow, a line each
                    current = open_section(number_, m.group(0), "headed", stated, m["honour"])
                    continue
                add(number_, split_names(names), open_section(number_, m.group(0), "prose", stated, m["honour"]),
                    last_may_close=False)
            continue
        if m := _CN_HEADING.match(line):  # type: ignore[assignment]
            current = open_section(number_, m["rest"], "numbered")
            continue
        if (m := _AR_NUMBERED.match(line)) and m["rest"] and _reads_as_heading(m["rest"], kinds):  # type: ignore[assignment]
            current = open_section(number_, m["rest"], "numbered")
            continue
        if _headed_line(line, kinds):
            current = open_section(number_, line, "headed")
            continue
        if current is None and (clauses := news_clauses(line)):  # type: ignore[assignment]
            # a news item: 我市甲公司、乙公司获2023年江苏省省长质量奖，丙公司获提名奖
            for names, honour in clauses:
                add(number_, split_names(names), open_section(number_, honour, "news", None, honour), last_may_close=False)
            continue
        if current is None:
            preamble.append(line)
            continue
        add(number_, split_names(line), current, last_may_close=True)

    # a headed line with no names under it was the list's title, not a section
    for section in [s for s in notice.sections if s.shape == "headed" and s.found == 0 and s.stated is None]:
        notice.sections.remove(section)
        preamble.append(section.heading)
    titled = [line for line in preamble if any(word in line for word in _TITLE_WORDS_DOC)] or preamble
    title_lines = titled or ([notice.sections[0].heading] if notice.sections else [])
    notice.title = title_lines[0][:120] if title_lines else None
    for line in preamble:
        if (found := _year(line)) is not None:
            notice.title_year = found
            break
    if not notice.sections:
        raise QcbrandError(
            "文本中找不到名单：应有“一、2019年某某奖（共3个）”式的分节标题、“2020年江苏省省长质量奖”式的标题行，"
            "或“授予……等N家企业“2019年某某奖”称号”式的决定",
            "the text holds no list this reader knows: numbered section headings (一、2019年…奖（共3个）), a line "
            "that is a year and an honour (2020年江苏省省长质量奖), or a decision in prose (授予…等N家企业“2019年…奖”)",
        )
    return notice
