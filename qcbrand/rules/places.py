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
from pathlib import Path

from qcbrand.rules.codes import _DISTRICT_ALIASES, AMBIGUOUS_DISTRICTS, DISTRICTS, normalise_text
from qcbrand.rules.region import default_region
from qcbrand.shipped import REGIONS_DIR

CITY = default_region().region.code  # the ledger's city (its region file), an entry of the province file
PROVINCE_FILE = REGIONS_DIR / "jiangsu.toml"
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
        """The place a whole text names (南京市, 海安, 武进区, 常州市), or None."""
        key = normalise_text(text).replace(" ", "")
        return self.words.get(key)


def _short(name: str) -> str | None:
    """南京市 → 南京, 海安市 → 海安, 丰县 → None (a one-character short form is no word)."""
    for suffix in ("市", "区", "县"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


@cache
def places(path: Path = PROVINCE_FILE, city: str = CITY) -> Places:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    province = data["province"]
    words: dict[str, Place] = {}
    own = next(c for c in data["cities"] if c["code"] == city)
    city_zh = own["name_zh"]
    city_short = _short(city_zh) or city_zh

    def add(text: str, place: Place, overwrite: bool = False) -> None:
        if text and (overwrite or text not in words):
            words[text] = place

    # this city's own places first: they win over a same-named county elsewhere (鼓楼区 is in two cities)
    for text in (city_zh, city_short, *THIS_CITY_WORDS):
        add(text, Place(text, "city", city_zh), overwrite=True)
    for alias, code in _DISTRICT_ALIASES.items():
        if not alias.isascii():
            add(alias, Place(alias, "district", city_zh, code), overwrite=True)
    for alias in AMBIGUOUS_DISTRICTS:
        add(alias, Place(alias, "district", city_zh), overwrite=True)
    for district in DISTRICTS:
        add(f"{city_zh}{district.name_zh}", Place(district.name_zh, "district", city_zh, district.code), overwrite=True)
    for text in (province["name_zh"], province["short_zh"]):
        add(text, Place(text, "province", city_zh))
    for entry in data["cities"]:
        if entry["code"] == city:
            continue
        name = entry["name_zh"]
        for text in (name, _short(name)):
            add(text or "", Place(text or "", "other", name))
        for county in (*entry.get("counties", ()), *entry.get("former", ())):
            for text in (county, _short(county), f"{name}{county}"):
                add(text or "", Place(text or "", "other", name))
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return Places(city_zh, city_short, province["name_zh"], province["short_zh"], words, re.compile(alternatives))
