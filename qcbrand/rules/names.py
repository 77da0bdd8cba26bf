"""An enterprise's name as lists write it, brackets and all: taken as a name only when it reads as one.

Brackets mean different things (DESIGN.md, "Brackets in names"): a former name (甲公司（原乙公司）, 曾用名…) gives
the name and its former name; a bracket inside a legal name (某某(江苏)有限公司, 某某（中国）有限公司) stays in it; a
place (某某集团股份有限公司(海安), 某某公司（某某区）) sets or checks the place; a person's unit (王某某（某某公司董事长）)
makes a person. Anything else in brackets is not understood, and the row is refused with it.

Plain functions; places.py says which words are places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qcbrand import i18n
from qcbrand.rules.places import Place, places

_BRACKETS = re.compile(r"[（(]([^（()）]*)[）)]")
_FORMER = re.compile(r"^(?:原名|原为|原称|曾用名|原)\s*[:：]?\s*(?P<names>.+)$")
# what a legal name goes on with after a bracket inside it
_LEGAL_TAIL = ("有限公司", "有限责任公司", "股份有限公司", "公司", "集团", "厂", "中心", "研究院", "研究所", "院", "所", "分公司",
               "合伙企业", "事务所", "商行", "店")


@dataclass(frozen=True)
class ReadName:
    """A name cell as read: `name` (brackets that belong to it kept), `former` names it gives, `place` a place its
    brackets name, `problem` what was not understood (zh, en), or None."""

    name: str
    former: tuple[str, ...] = ()
    place: Place | None = None
    problem: tuple[str, str] | None = None


def read_name(text: str) -> ReadName:
    """Read a name as a list writes it (already normalised: half-width brackets). A person is told apart
    by notices.person before this is called."""
    text = text.strip()
    found = list(_BRACKETS.finditer(text))
    if not found:
        return ReadName(text)
    former: list[str] = []
    name, place = text, None
    for m in reversed(found):
        inner = m.group(1).strip()
        at_end = m.end() == len(name.rstrip())
        if not at_end:
            after = name[m.end():].strip()
            if after.startswith(_LEGAL_TAIL) or after.endswith(_LEGAL_TAIL):
                continue  # 某某(江苏)有限公司: part of the legal name
            return ReadName(text, problem=i18n.pair("msg.names.bracketed_name_not_understood", inner=inner))
        if (fm := _FORMER.match(inner)) and fm["names"]:
            former.extend(n.strip() for n in re.split(r"[、，,；;]", fm["names"]) if n.strip())
            name = name[: m.start()].rstrip()
            continue
        if (where := places().lookup(inner)) is not None:
            if place is not None and place != where:
                return ReadName(text, problem=i18n.pair("msg.names.brackets_name_two_places", place_text=place.text, where_text=where.text))
            place = where
            name = name[: m.start()].rstrip()
            continue
        return ReadName(text, problem=(
            f"名称后括号里的“{inner}”既不是曾用名（原…）、也不是地名，无法识别",
            f"the bracketed '{inner}' after the name is neither a former name (原…) nor a place, and is not understood"))
    return ReadName(name, tuple(former), place)
