"""Matching the holders a list names to registered enterprises.

By 统一社会信用代码; else by name key (width, spaces, brackets and the legal form set aside), former names
included, every distinct holder of a list in one join; the district and the exact name settle a key that two
enterprises share. A name that matches nothing but resembles registered enterprises (a short name such as
某某药业, with or without the city or the province) is never created silently: the report shows up to three candidates with a
score (rapidfuzz), and the editor picks one or confirms a new enterprise. A person is never an enterprise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from qcbrand import i18n
from qcbrand.intake.models import Problem
from qcbrand.ledger import importing
from qcbrand.ledger.store import Store
from qcbrand.rules.codes import arrow_all_normal_text as all_normal_text_arrow
from qcbrand.rules.codes import full_name_key, is_normal_text, name_key
from qcbrand.rules.hanzi import simplified_cell
from qcbrand.rules.region import Region, per_region

NEW = "new"  # the editor's choice for a name: a new enterprise
SCORE_CUTOFF = 80.0  # rapidfuzz WRatio of the names' cores; below it, two names are not alike
MAX_CANDIDATES = 3

@per_region
def _place_patterns(region: Region) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The place words a name may begin with or bracket: the country, the province, the city, its districts and
    their former names (the active region's)."""
    r = region.region
    words = sorted({"中国", r.province_zh, r.province_zh.removesuffix("省"), r.name_zh, r.short_zh,
                    *(n for f in region.former for n in (f.name_zh, *f.aliases)),
                    *(n for d in region.districts for n in (d.name_zh, d.short_zh))}, key=len, reverse=True)
    alternatives = "|".join(map(re.escape, words))
    return re.compile("^(?:" + alternatives + ")+"), re.compile("（(?:" + alternatives + ")）")


def core(name: str) -> str:
    """What is left of a name to compare: its key without the places a list may or may not write
    (江苏某某药业有限公司 and 某某药业 share 某某药业)."""
    return _cores()(name)


@per_region
def _cores(region: Region) -> Callable[[str], str]:
    """`core` for the active region's place words, cached name by name (a new region, a new cache)."""
    leading, bracketed = _place_patterns()

    @lru_cache(maxsize=262_144)
    def of(name: str) -> str:
        key = name_key(name)
        bare = leading.sub("", bracketed.sub("", key))
        return bare if len(bare) >= 2 else key

    return of


@dataclass(frozen=True)
class Candidate:
    enterprise_id: int
    name: str
    district: str | None
    score: float


def candidates_for(name: str, registered: list[tuple[int, str, str | None]], cores: list[str]) -> list[Candidate]:
    from rapidfuzz import fuzz, process

    found = process.extract(core(name), cores, scorer=fuzz.WRatio, limit=MAX_CANDIDATES, score_cutoff=SCORE_CUTOFF)
    return [Candidate(registered[i][0], registered[i][1], registered[i][2], round(score, 1)) for _, score, i in found]


def choice_key(name: str) -> str:
    """How an editor's choice finds its name: as the list wrote it, in traditional characters or not."""
    return full_name_key(simplified_cell(name))


class EnterpriseResolver:
    """Resolve a list's holders. `lookup` first (one query for every distinct holder), then `resolve` per row.
    `choices` are the editor's answers for names: an enterprise id, or NEW."""

    def __init__(self, store: Store, create: bool, choices: dict[str, Any] | None = None) -> None:
        self.store = store
        self.create = create
        self.choices = {choice_key(k): v for k, v in (choices or {}).items()}
        self.by_uscc: dict[str, int] = {}
        self.by_key: dict[str, list[tuple[int, str | None, str]]] = {}  # key -> (id, district, registered name)
        self.new: dict[str, dict[str, Any]] = {}  # name_key -> row of a new enterprise
        self.new_by_uscc: dict[str, str] = {}  # credit code -> name_key of a new enterprise
        self.candidates: dict[str, list[Candidate]] = {}  # a name as written -> registered names it resembles
        self.ambiguous: dict[str, list[Candidate]] = {}  # a name that fits several registered enterprises
        self._registered: tuple[list[tuple[int, str, str | None]], list[str]] | None = None
        self._chosen: dict[int, bool] = {}

    def lookup(self, holders: pd.DataFrame) -> None:
        """Find every registered enterprise that the holders' credit codes or name keys name, in one query.
        `holders`: the columns name and uscc. Needed before `resolve`; `resolve_many` looks up by itself."""
        if holders.empty:
            return
        frame = holders[["name", "uscc"]].drop_duplicates()
        frame = frame.assign(name_key=[name_key(n) for n in frame["name"].tolist()])
        found = importing.match_enterprises(self.store, frame)
        uscc = found[found["how"] == "uscc"]
        self.by_uscc.update(zip(uscc["probe"].tolist(), uscc["enterprise_id"].tolist()))
        keys = found[found["how"] == "key"]
        for probe, enterprise_id, registered, district in zip(keys["probe"].tolist(), keys["enterprise_id"].tolist(),
                                                             keys["name"].tolist(), keys["district_code"].tolist()):
            self.by_key.setdefault(probe, []).append((enterprise_id, None if pd.isna(district) else district, registered))
        chosen = [v for v in self.choices.values() if v != NEW]
        if chosen:
            self._chosen = importing.enterprises_exist(self.store, [int(v) for v in chosen])

    def _registered_names(self) -> tuple[list[tuple[int, str, str | None]], list[str]]:
        if self._registered is None:
            registered = importing.registered_names(self.store)
            self._registered = (registered, [core(n) for _, n, _ in registered])
        return self._registered

    def resolve(self, row: int, name: str, uscc: str | None, district: str | None) -> tuple[Any, Problem | None]:
        if uscc and uscc in self.by_uscc:
            return self.by_uscc[uscc], None
        chosen = self.choices.get(choice_key(name)) if self.choices else None
        if chosen is not None and chosen != NEW:
            if not self._chosen.get(int(chosen)):
                return None, Problem(row, "enterprise", name, *i18n.pair("msg.matching.chosen_enterprise_number_does_not", chosen=chosen))
            return int(chosen), None
        key = name_key(name)
        found = [] if chosen == NEW else self.by_key.get(key, [])
        if district and len(found) > 1:
            found = [f for f in found if f[1] == district]  # none there: another enterprise
        if len(found) > 1:
            exact = [f for f in found if full_name_key(f[2]) == full_name_key(name)]
            found = exact if len(exact) == 1 else found
        if len(found) == 1:
            return found[0][0], None
        if len(found) > 1:
            self.ambiguous[name] = [Candidate(i, n, d, 100.0) for i, d, n in found]
            return None, Problem(
                row, "enterprise", name,
                f"名称与 {len(found)} 家已登记企业相符，请补充统一社会信用代码或地区，或指定企业："
                + _choices_zh(name, self.ambiguous[name]),
                f"the name matches {len(found)} registered enterprises; add the credit code or district, or choose: "
                + _choices_en(name, self.ambiguous[name]))
        if uscc and uscc in self.new_by_uscc and self.new_by_uscc[uscc] != key:
            first = self.new[self.new_by_uscc[uscc]]
            return None, Problem(row, "uscc", uscc, *i18n.pair("msg.matching.same_credit_code_as_row", v1=first['row'], v2=first['name']))
        if chosen is None:
            if name not in self.candidates:
                registered, cores = self._registered_names()
                self.candidates[name] = candidates_for(name, registered, cores) if registered else []
            if self.candidates[name]:
                return None, Problem(
                    row, "enterprise", name,
                    "未登记，但与已登记企业相似：" + _choices_zh(name, self.candidates[name]),
                    "not registered, but it resembles registered enterprises: " + _choices_en(name, self.candidates[name]))
        if key in self.new:
            return ("new", key), None
        self.new[key] = {"name": name, "name_key": key, "uscc": uscc, "district_code": district,
                         "industry": None, "former_names": [], "row": row}
        if uscc:
            self.new_by_uscc[uscc] = key
        if self.create or chosen == NEW:
            return ("new", key), Problem(row, "enterprise", name, *i18n.pair("msg.matching.enterprise_not_yet_registered_will"), "warning")
        return ("new", key), Problem(row, "enterprise", name,
                                     *i18n.pair("msg.matching.enterprise_not_yet_registered_agree"))

    def resolve_many(self, rows: pa.Array, names: pa.Array, usccs: pa.Array,
                     districts: pa.Array) -> tuple[np.ndarray, dict[int, str], list[Problem]]:
        """`resolve` for many rows (Arrow arrays: row numbers, holder names, credit codes, districts), in order:
        each row's enterprise id (-1 for none), the name keys of new enterprises by position, and the problems.

        A holder whose credit code is registered, or (when the editor chose nothing) whose name key names exactly
        one enterprise, is that enterprise: found for all rows in one query, as `resolve` would find it. The others
        are resolved row by row, each distinct holder (name, credit code, district) once: a later row of the same
        holder gets the same enterprise and, when the first got a problem that every row gets, the same problem
        with its own row number. A new enterprise's note is given once, as `resolve` gives it; a holder
        with a credit code that names no registered enterprise is resolved at each row, since a row in between
        may give the same code to a new enterprise of another name."""
        n = len(names)
        ids = np.full(n, -1, dtype=np.int64)
        new_keys: dict[int, str] = {}
        problems: list[Problem] = []
        if not n:
            return ids, new_keys, problems
        # a name that normalise_text keeps as it is has the name_key macro's key; others get Python's
        if all_normal_text_arrow(names):
            keys = pa.nulls(n, pa.string())
        else:
            keys = pa.array([None if is_normal_text(x) else name_key(x) for x in names.to_pylist()], pa.string())
        found = importing.holder_matches(self.store, pa.table({"name": names, "uscc": usccs.cast(pa.string()), "key": keys}))
        by_uscc = found["uscc_id"].to_numpy(dtype="float64", na_value=np.nan)
        one = found["one"].to_numpy(dtype="float64", na_value=np.nan)
        fast = ~np.isnan(by_uscc)
        if not self.choices:
            fast |= found["n"].to_numpy() == 1
        ids[fast] = np.where(np.isnan(by_uscc), one, by_uscc)[fast].astype(np.int64)
        rest = np.flatnonzero(~fast)
        if not len(rest):
            return ids, new_keys, problems
        take = pa.array(rest)
        rest_rows, rest_names = rows.take(take).to_pylist(), names.take(take).to_pylist()
        rest_usccs, rest_districts = usccs.take(take).to_pylist(), districts.take(take).to_pylist()
        self.lookup(pd.DataFrame({"name": rest_names, "uscc": rest_usccs}))
        memo: dict[tuple[str, str | None, str | None], tuple[Any, Problem | None, bool]] = {}
        for i, row, name, uscc, district in zip(rest, rest_rows, rest_names, rest_usccs, rest_districts):
            holder = (name, uscc, district)
            hit = memo.get(holder)
            if hit is None:
                value, problem = self.resolve(row, name, uscc, district)
                is_new = isinstance(value, tuple)
                # with a credit code, only a registered enterprise is settled: otherwise a later row may have
                # given the code to a new enterprise of another name, which `resolve` reports
                if not uscc or isinstance(value, int):
                    memo[holder] = (value, problem, problem is not None and not is_new)
            else:
                value, first, again = hit
                problem = replace(first, row=row) if again and first is not None else None
            if isinstance(value, tuple):
                new_keys[int(i)] = value[1]
            elif value is not None:
                ids[i] = value
            if problem is not None:
                problems.append(problem)
        return ids, new_keys, problems

    def new_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{k: v for k, v in row.items() if k != "row"} for row in self.new.values()])


def _choices_zh(name: str, found: list[Candidate]) -> str:
    listed = "；".join(f"{c.name}（编号 {c.enterprise_id}，相似度 {c.score:g}）" for c in found)
    return f"{listed}。请选择一家（命令行 --match \"{name}=编号\"），或确认新建（--match \"{name}=new\"）"


def _choices_en(name: str, found: list[Candidate]) -> str:
    listed = "; ".join(f"{c.name} (number {c.enterprise_id}, score {c.score:g})" for c in found)
    return f"{listed}. Choose one (--match \"{name}=NUMBER\") or confirm a new enterprise (--match \"{name}=new\")"
