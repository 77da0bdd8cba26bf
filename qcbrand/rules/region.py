"""The city the ledger follows and its districts, read from a region file (data/regions/<city>.toml): names, short
forms, other spellings, division codes, the former names old lists still use, and optionally the districts'
boundaries (a GeoJSON file beside it) and the plan a new ledger loads. Plain functions; no DuckDB.

A ledger holds its region (`qcbrand init --region FILE`, `qcbrand region load FILE`); opening a ledger makes its
region the active one (`use`), and codes.py resolves districts against `active()`. A ledger that holds none (one
made before regions were data) follows the bundled default region (`data/defaults.toml`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tomllib
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from qcbrand import i18n
from qcbrand.errors import PlanError
from qcbrand.shipped import DEFAULT_REGION_FILE

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
    boundaries: str | None = None  # a GeoJSON file beside the region file: one feature a district, by division_code
    plan: str | None = None  # the plan file a new ledger of this city loads (a path from the region file)
    kinds: str | None = None  # the city's own honour kinds, loaded after the shared catalogue (a path from the file)


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
    source: str = Field(default="", exclude=True)  # the file's text, as the ledger keeps it
    geojson: str = Field(default="", exclude=True)  # the boundary file's text ("" without one)

    @property
    def sha256(self) -> str:
        return hashlib.sha256((self.source + "\0" + self.geojson).encode("utf-8")).hexdigest()

    def district(self, code: str) -> DistrictSpec:
        return next(d for d in self.districts if d.code == code)

    def boundaries(self) -> dict[str, Any] | None:
        """The districts' boundaries (a GeoJSON FeatureCollection, each feature's properties holding its district's
        division_code), or None for a region without a boundary file."""
        return json.loads(self.geojson) if self.geojson else None

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
    """A region file and its boundary file, checked; refused in both languages, naming the file and what is wrong."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanError(*i18n.pair("msg.region.file_missing", path=path)) from None
    except UnicodeDecodeError as e:
        raise PlanError(*i18n.pair("msg.region.file_malformed", path=path, detail=str(e))) from None
    region = region_from_text(source, str(path))
    if region.region.boundaries is None:
        return region
    boundary_file = path.parent / region.region.boundaries
    try:
        geojson = boundary_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanError(*i18n.pair("msg.region.file_missing", path=boundary_file)) from None
    _check_boundaries(region, geojson, boundary_file)
    return region.model_copy(update={"geojson": geojson})


@lru_cache(maxsize=16)
def region_from_text(source: str, name: str, geojson: str = "") -> Region:
    """A region file's text (as a ledger keeps it), checked; `name` names it in a refusal."""
    try:
        region = Region.model_validate(tomllib.loads(source))
    except (tomllib.TOMLDecodeError, ValidationError) as e:
        detail = str(e).splitlines()[0] if not isinstance(e, ValidationError) else "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in e.errors())
        raise PlanError(*i18n.pair("msg.region.file_malformed", path=name, detail=detail)) from None
    return region.model_copy(update={"source": source, "geojson": geojson})


def _check_boundaries(region: Region, geojson: str, path: Path) -> None:
    """Each feature names a district of the region by its division code; a district with a code has one feature."""
    try:
        data = json.loads(geojson)
        features = data["features"]
        found = [str(f["properties"]["division_code"]) for f in features]
    except (ValueError, KeyError, TypeError) as e:
        raise PlanError(*i18n.pair("msg.region.file_malformed", path=path, detail=f"GeoJSON: {e}")) from None
    known = {d.division_code for d in region.districts if d.division_code}
    unknown = sorted(set(found) - known)
    missing = sorted(known - set(found))
    if unknown or missing:
        detail = f"division_code {unknown} not in the region file; districts without a feature: {missing}"
        raise PlanError(*i18n.pair("msg.region.file_malformed", path=path, detail=detail))


@cache
def default_region() -> Region:
    return read_region(DEFAULT_REGION_FILE)


_active: list[Region | None] = [None]  # the region of the ledger opened last (one process, one ledger)


def active() -> Region:
    """The region district names are resolved against: the open ledger's, else the bundled default."""
    return _active[0] or default_region()


def use(region: Region | None) -> None:
    """Make `region` the active one (None: the bundled default). The ledger calls this when it is opened."""
    _active[0] = region


T = TypeVar("T")


def per_region(build: Callable[[Region], T]) -> Callable[[], T]:
    """`build` of the active region, built once a region (tables and patterns made from a region's names). Cheap
    to call on every row: one identity check while the region stays the same."""
    last: list[Any] = [None, None]  # the region built for, and what was built

    def get() -> T:
        region = _active[0] or default_region()
        if last[0] is not region:
            last[1] = build(region)
            last[0] = region
        return last[1]

    get.__doc__ = build.__doc__
    return get
