"""The city the ledger follows and its districts, read from a region file (data/regions/<city>.toml): names, short
forms, other spellings, division codes and the former names old lists still use. Plain functions; no DuckDB.

The bundled Changzhou file is the default region; codes.py builds its district tables from it."""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from qcbrand import i18n
from qcbrand.errors import PlanError
from qcbrand.shipped import REGIONS_DIR

DEFAULT_REGION_FILE = REGIONS_DIR / "changzhou.toml"
_CODE = r"^[a-z][a-z0-9_-]*$"
_DIVISION = r"^(\d{6})?$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RegionHeader(_Strict):
    code: str = Field(pattern=_CODE)
    name_zh: str = Field(min_length=2)
    name_en: str = Field(min_length=1)
    short_zh: str = Field(min_length=1)
    province_zh: str = Field(min_length=2)
    province_en: str = Field(min_length=1)
    division_code: str = Field(pattern=_DIVISION)


class DistrictSpec(_Strict):
    code: str = Field(pattern=_CODE)
    name_zh: str = Field(min_length=2)
    name_en: str = Field(min_length=1)
    short_zh: str = Field(min_length=1)
    short_en: str = Field(min_length=1)  # for a column header, where the full English name does not fit
    division_code: str = Field(default="", pattern=_DIVISION)  # empty for a functional zone
    aliases: tuple[str, ...] = ()


class FormerSpec(_Strict):
    name_zh: str = Field(min_length=2)
    until: dt.date
    now: tuple[str, ...] = Field(min_length=1)  # more than one: ambiguous, the editor chooses
    aliases: tuple[str, ...] = ()


class Region(_Strict):
    region: RegionHeader
    districts: tuple[DistrictSpec, ...] = Field(min_length=1)
    former: tuple[FormerSpec, ...] = ()

    @model_validator(mode="after")
    def _references(self) -> Region:
        codes = [d.code for d in self.districts]
        if len(set(codes)) != len(codes):
            raise ValueError(f"a district code appears twice: {codes}")
        for f in self.former:
            unknown = [c for c in f.now if c not in codes]
            if unknown:
                raise ValueError(f"former {f.name_zh}: now names no district {unknown}")
        return self

    def spellings(self) -> dict[str, str]:
        """Every spelling of a district that names one district today -> its code (a former name that now lies
        in several districts is not here: see `ambiguous`)."""
        out: dict[str, str] = {}
        for d in self.districts:
            for name in (d.code, d.name_zh, d.short_zh, d.name_en.lower(), *d.aliases):
                out[name] = d.code
            out[self.region.name_zh + d.name_zh] = d.code
        for f in self.former:
            if len(f.now) == 1:
                for name in (f.name_zh, *f.aliases, self.region.name_zh + f.name_zh):
                    out[name] = f.now[0]
        for d in self.districts:  # a district's own short form wins over another's alias
            out[d.short_zh] = d.code
        return out

    def ambiguous(self) -> dict[str, tuple[str, ...]]:
        """Former names that now lie in several districts -> those districts: never guessed."""
        return {name: f.now for f in self.former if len(f.now) > 1
                for name in (f.name_zh, *f.aliases, self.region.name_zh + f.name_zh)}


def read_region(path: str | Path) -> Region:
    """A region file, checked; refused in both languages, naming the file and what is wrong."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return Region.model_validate(data)
    except FileNotFoundError:
        raise PlanError(*i18n.pair("msg.region.file_missing", path=path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValidationError) as e:
        detail = str(e).splitlines()[0] if not isinstance(e, ValidationError) else "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in e.errors())
        raise PlanError(*i18n.pair("msg.region.file_malformed", path=path, detail=detail)) from None


@cache
def default_region() -> Region:
    return read_region(DEFAULT_REGION_FILE)
