"""Places as lists name them: this city, its districts, its province, and the province's other cities.

A list of a wider area (the province's, the nation's) holds other cities' rows; a heading names its honour
beside place words (2019年某某市市长质量奖). Both need to know which place a word is and at which level:
this city (市), one of its districts (区), the province (省), or another city of the province. The province's
cities come from `data/regions/<province>.toml`; this city and its districts from its region file (region.py). Plain functions; the
file is read once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from qcbrand.rules.codes import normalise_text
from qcbrand.rules.region import Region, per_region
from qcbrand.shipped import REGIONS_DIR

# Words a notice uses for the city it is published in, whatever the city (made-up lists write 某某市).
THIS_CITY_WORDS = ("某某市", "某市", "我市", "本市", "全市")


@dataclass(frozen=True)
class Place:
    """What a place word names: `level` is city (this city), district (one of its districts), province,
    or other (another city of the province, or one of its counties); `city` the city it lies in."""

    text: str
    level: str
    city: str  # the city's name (南京市), this city's for its own places
    district: str | None = None  # this city's district code, where one is named


@dataclass(frozen=True)
class Places:
    city_zh: str
    city_short: str
    province_zh: str
    province_short: str
    words: dict[str, Place]  # every spelling -> what it names
    pattern: re.Pattern[str]  # any of them, longest first

    def lookup(self, text: str) -> Place | None:
        """The place a whole text names (南京市, 海安, a district of this city, this city), or None."""
        key = normalise_text(text).replace(" ", "")
        return self.words.get(key)


def _short(name: str) -> str | None:
    """南京市 → 南京, 海安市 → 海安, 丰县 → None (a one-character short form is no word)."""
    for suffix in ("市", "区", "县"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


@cache
def province_file(province_zh: str) -> dict[str, Any]:
    """The bundled province file (data/regions/*.toml with a [province] table) of the province named; an empty one
    (no other cities known) for a province no file describes."""
    for path in sorted(REGIONS_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if data.get("province", {}).get("name_zh") == province_zh:
            return data
    return {"province": {"name_zh": province_zh, "short_zh": _short(province_zh.removesuffix("省") + "市") or province_zh},
            "cities": []}


@per_region
def places(region: Region) -> Places:
    """The place words of the active region (the open ledger's city) and of its province."""
    data = province_file(region.region.province_zh)
    province = data["province"]
    words: dict[str, Place] = {}
    city = region.region.code
    city_zh = region.region.name_zh
    city_short = region.region.short_zh

    def add(text: str, place: Place, overwrite: bool = False) -> None:
        if text and (overwrite or text not in words):
            words[text] = place

    # this city's own places first: they win over a same-named county elsewhere (鼓楼区 is in two cities)
    for text in (city_zh, city_short, *THIS_CITY_WORDS):
        add(text, Place(text, "city", city_zh), overwrite=True)
    for alias, code in region.spellings().items():
        if not alias.isascii():
            add(alias, Place(alias, "district", city_zh, code), overwrite=True)
    for alias in region.ambiguous():
        add(alias, Place(alias, "district", city_zh), overwrite=True)
    for district in region.districts:
        add(f"{city_zh}{district.name_zh}", Place(district.name_zh, "district", city_zh, district.code), overwrite=True)
    for text in (province["name_zh"], province["short_zh"]):
        add(text, Place(text, "province", city_zh))
    for entry in data["cities"]:
        if entry["code"] == city or entry["name_zh"] == city_zh:
            continue
        name = str(entry["name_zh"])
        for word in (name, _short(name)):
            add(word or "", Place(word or "", "other", name))
        for county in (*entry.get("counties", ()), *entry.get("former", ())):
            for word in (county, _short(county), f"{name}{county}"):
                add(word or "", Place(word or "", "other", name))
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return Places(city_zh, city_short, province["name_zh"], province["short_zh"], words, re.compile(alternatives))
