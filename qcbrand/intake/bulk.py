"""Validating a list column by column: each distinct value of a column once, with the models' own validator
functions, instead of a pydantic model per row.

A list of 100,000 famous brands repeats its year, its honour and most of its enterprises on every row; checking
each distinct value once and spreading the result is what makes an import fast. The rules stay the models':
every field is converted by the function its pydantic field uses (fields.required_text, fields.sane_date,
models.resolve_kind …), the record-wide checks are the models' validators written over columns, and a row that
fails anything is handed to its pydantic model, whose errors are the report's. So the bulk path accepts exactly
the rows the models accept, with the same values, and rejects the others with the models' own messages
(tests/test_bulk.py runs the importer's corpus through both).

`Rows` holds a kind's rows as columns; `validate` returns the valid rows as an Arrow table (one column per
model field, plus `row` and `ref`) and the problems of the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ValidationError

from qcbrand.intake import models
from qcbrand.intake.models import Problem, problems_from
from qcbrand.rules import codes, fields


class _Missing:
    """A field a row does not have (the model's default applies, unvalidated, as in pydantic)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass
class Rows:
    """The rows of one record kind as columns: the row numbers as the file shows them, where each row comes
    from (source_ref), and each field's values: a list (MISSING where a row lacks the field) or an Arrow
    string array (a CSV column: every row has the field, as text)."""

    numbers: list[int]
    refs: list[str] | pa.Array
    fields: dict[str, list[Any] | pa.Array]

    def __len__(self) -> int:
        return len(self.numbers)

    @classmethod
    def from_dicts(cls, rows: list[tuple[int, dict[str, Any], str]]) -> Rows:
        names: dict[str, None] = {}
        for _, raw, _ in rows:
            names.update(dict.fromkeys(raw))
        return cls([n for n, _, _ in rows], [r for _, _, r in rows],
                   {f: [raw.get(f, MISSING) for _, raw, _ in rows] for f in names})

    def raw(self, i: int) -> dict[str, Any]:
        """Row i as the pydantic model takes it: the fields it has."""
        out = {}
        for name, values in self.fields.items():
            value = values[i].as_py() if isinstance(values, pa.Array) else values[i]
            if value is not MISSING:
                out[name] = value
        return out

    def keep(self, mask: list[bool]) -> Rows:
        """The rows where mask is true (rows of other cities left out)."""
        picked = np.flatnonzero(np.array(mask, dtype=bool))
        take = pa.array(picked, pa.int64())

        def pick(values: Any) -> Any:
            return values.take(take) if isinstance(values, pa.Array) else [values[i] for i in picked]

        return Rows([self.numbers[i] for i in picked], pick(self.refs), {f: pick(v) for f, v in self.fields.items()})

    def replace(self, name: str, change: Callable[[Any], Any]) -> None:
        """Change a field's values through a function of one value (called once per distinct value)."""
        values = self.fields.get(name)
        if values is None:
            return
        if isinstance(values, pa.Array):
            values = values.to_pylist()
        memo: dict[Any, Any] = {}
        self.fields[name] = [v if v is MISSING else memo[k] if (k := (v.__class__, v)) in memo
                             else memo.setdefault(k, change(v)) for v in values]


# --- each field's conversion: the model's validator function, and the type the model then requires ----------


def _is(*types: type) -> Callable[[Any], bool]:
    def accept(value: Any) -> bool:
        return value.__class__ in types

    return accept


_TEXT = _is(str)
_OPT_TEXT = _is(str, type(None))
_DATE = _is(dt.date)
_OPT_DATE = _is(dt.date, type(None))
_OPT_INT = _is(int, type(None))
_ROLE = lambda v: v in ("led", "took_part")  # noqa: E731


@dataclass(frozen=True)
class Field:
    convert: Callable[[Any], Any]  # the value as the model would hold it; raises if the model refuses it
    accept: Callable[[Any], bool]  # whether the converted value has the type the model's field requires
    text: bool = False  # a text field: plain text is its own value
    limit: int | None = None  # a text field's length limit: longer text goes to convert, which refuses it


def _fields(kind: str, catalogue: dict[str, tuple[str, str]]) -> dict[str, Field]:
    def honour(category: str, default: str | None = None) -> Field:
        if default is None:
            return Field(lambda v: models.resolve_kind(v, catalogue, category), _TEXT)
        return Field(lambda v: models.resolve_kind(v or default, catalogue, category), _TEXT)

    text = Field(fields.required_text, _TEXT, text=True)
    name = Field(fields.name_text, _TEXT, text=True, limit=fields.NAME_LIMIT)
    opt_text = Field(fields.optional_text, _OPT_TEXT, text=True)
    opt_name = Field(fields.opt_name_text, _OPT_TEXT, text=True, limit=fields.NAME_LIMIT)
    uscc = Field(fields.uscc, _OPT_TEXT)
    district = Field(fields.district, _OPT_TEXT)
    date = Field(fields.sane_date, _DATE)
    opt_date = Field(fields.opt_date, _OPT_DATE)
    holder = {"enterprise": name, "uscc": uscc, "district": district, "person_org": opt_text}
    return {
        "enterprises": {"name": name, "uscc": uscc, "district": district, "industry": opt_text, "former_names": opt_text},
        "famous_brands": {**holder, "product": text, "brand": opt_text,
                          "kind": honour("famous_brand", "jiangsu_famous_brand"), "granted_on": date,
                          "valid_until": opt_date},
        "trademarks": {**holder, "mark": text, "reg_no": Field(lambda v: models.reg_no(fields.optional_text(v)), _OPT_TEXT),
                       "nice_class": Field(fields.nice, _OPT_INT), "tier": honour("trademark"), "granted_on": date,
                       "valid_until": opt_date},
        "quality_awards": {**holder, "award": honour("quality_award"), "year": Field(fields.year, _OPT_INT),
                           "granted_on": opt_date},
        "standards": {"std_no": Field(fields.standard_number, _is(codes.StandardNumber)), "title": text,
                      "released_on": date, "status": Field(models.standard_status, _TEXT),
                      "service": Field(fields.flag, _is(bool)), "enterprise": name, "uscc": uscc, "district": district,
                      "role": Field(lambda v: models.role_required(fields.role(v)), _ROLE)},
        "other_honours": {"kind": honour("other"), "title": opt_text, "enterprise": opt_name, "uscc": uscc,
                          "district": district, "person_org": opt_text, "granted_on": date, "valid_until": opt_date},
    }[kind]


BULK_KINDS = ("enterprises", "famous_brands", "trademarks", "quality_awards", "standards", "other_honours")

# The Arrow type of each field's values (text unless named here): valid rows leave `validate` as an Arrow table.
STANDARD_NUMBER = pa.struct([("number", pa.string()), ("level", pa.string()), ("year", pa.int64())])
_TYPES = {"granted_on": pa.date32(), "valid_until": pa.date32(), "released_on": pa.date32(), "year": pa.int64(),
          "expected_year": pa.int64(), "stage_on": pa.date32(),
          "nice_class": pa.int64(), "service": pa.bool_(), "value": pa.float64(), "std_no": STANDARD_NUMBER}


def arrow(name: str, values: Any) -> pa.Array:
    """A field's values (Python objects) as an Arrow array of the field's type."""
    if name == "std_no":
        values = [None if v is None else {"number": v.number, "level": v.level, "year": v.year} for v in values]
    return pa.array(values, type=_TYPES.get(name, pa.string()))


@dataclass
class _Column:
    """A converted field: each distinct value's conversion, and which one each row has."""

    distinct: np.ndarray  # objects
    index: np.ndarray  # int64, one per row
    good: np.ndarray  # bool, one per distinct value
    rows: np.ndarray | None = None  # objects, one per row: set when a row's value was filled in
    same: pa.Array | None = None  # text whose every value is its own conversion: the column as it came

    def bad_rows(self) -> np.ndarray | None:
        """Which rows the field refuses (None: none)."""
        if self.same is not None or self.good.all():
            return None
        return ~self.good[self.index]

    def values(self) -> np.ndarray:
        if self.rows is None:
            self.rows = (self.same.to_numpy(zero_copy_only=False).astype(object) if self.same is not None
                         else self.distinct[self.index])
        return self.rows

    def arrow(self, name: str, keep: np.ndarray) -> pa.Array:
        if self.rows is not None:
            return arrow(name, self.rows[keep])
        if self.same is not None:
            return self.same.filter(pa.array(keep))
        return arrow(name, self.distinct).take(pa.array(self.index[keep]))


def _convert(values: list[Any] | pa.Array, field: Field, default: Any, required: bool) -> _Column:
    """Convert each distinct value once; a row without the field gets the default (or fails if required)."""
    if isinstance(values, pa.Array):
        if field.text and (field.limit is None or pc.max(pc.utf8_length(values)).as_py() <= field.limit) \
                and codes.arrow_all_normal_text(values):  # most columns of text are: no call needed
            return _Column(np.empty(0, dtype=object), np.empty(0, dtype=np.int64), np.empty(0, dtype=bool),
                           same=values)
        encoded = values.dictionary_encode()
        index = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        distinct = encoded.dictionary.to_pylist()
    else:
        seen: dict[Any, int] = {}
        index = np.fromiter((seen.setdefault((v.__class__, v), len(seen)) for v in values), dtype=np.int64,
                            count=len(values))
        distinct = [v for _, v in seen]
    out_values: list[Any] = []
    out_good: list[bool] = []
    for value in distinct:
        if value is MISSING:  # the model's default, unvalidated, as pydantic does; a required field is missing
            out_values.append(default)
            out_good.append(not required)
        elif field.text and value.__class__ is str and codes.is_normal_text(value) and (
                field.limit is None or len(value) <= field.limit):
            out_values.append(value)
            out_good.append(True)
        else:
            try:
                out = field.convert(value)
            except Exception:  # the model refuses it: its pydantic error goes in the report
                out_values.append(None)
                out_good.append(False)
                continue
            out_values.append(out)
            out_good.append(field.accept(out))
    converted = np.empty(len(distinct), dtype=object)
    converted[:] = out_values
    good = np.array(out_good, dtype=bool)
    return _Column(converted, index, good)


# --- the records' own checks (the models' model validators), over columns ---------------------------------


def _after_grant(out: dict[str, _Column]) -> np.ndarray:
    """models._valid_after_grant: an end before the grant."""
    until = out["valid_until"]
    if all(v is None for v in until.distinct):
        return np.zeros(len(until.index), dtype=bool)
    return np.fromiter((u is not None and g is not None and u < g
                        for g, u in zip(out["granted_on"].values(), until.values())), dtype=bool, count=len(until.index))


def _records_check(kind: str, out: dict[str, _Column], bad: np.ndarray) -> None:
    """Mark the rows the model validators refuse, and fill in what they fill in."""
    if kind in ("famous_brands", "trademarks"):
        bad |= _after_grant(out)
    elif kind == "quality_awards":
        year, granted = out["year"].values().copy(), out["granted_on"].values().copy()
        for i in np.flatnonzero(~bad):
            y, g = year[i], granted[i]
            if y is None and g is None:
                bad[i] = True
                continue
            if g is None:
                g = granted[i] = dt.date(y, 12, 31)
            if y is None:
                y = year[i] = g.year
            if g.year != y:
                bad[i] = True
        out["year"].rows, out["granted_on"].rows = year, granted
    elif kind == "standards":
        bad |= np.fromiter((s is not None and r is not None and s.year > r.year
                            for s, r in zip(out["std_no"].values(), out["released_on"].values())), dtype=bool,
                           count=len(bad))
    elif kind == "other_honours":
        enterprise, title = out["enterprise"].values(), out["title"].values().copy()
        bad |= np.fromiter((e is None and d is None for e, d in zip(enterprise, out["district"].values())), dtype=bool,
                           count=len(bad))
        for i in np.flatnonzero(~bad):
            if title[i] is None:
                if enterprise[i] is None:  # a place's honour needs its title
                    bad[i] = True
                title[i] = enterprise[i]
        out["title"].rows = title
        bad |= _after_grant(out)


# --- validation ----------------------------------------------------------------------------------------


def validate(kind: str, rows: Rows, model: type[BaseModel], catalogue: dict[str, tuple[str, str]],
             *, engine: str = "bulk") -> tuple[pa.Table, list[Problem]]:
    """The rows the model accepts, as an Arrow table (row, ref and every model field), and the problems of the
    others, row by row. engine 'pydantic' validates each row with the model (the reference); 'bulk' converts
    each distinct value of each column once and asks the model only about the rows that fail."""
    names = list(model.model_fields)
    context = {"kinds": catalogue}
    problems: list[Problem] = []
    if engine == "pydantic" or kind not in BULK_KINDS:
        good: list[tuple[Any, ...]] = []
        for i, number in enumerate(rows.numbers):
            raw = rows.raw(i)
            try:
                m = model.model_validate(raw, context=context)
            except ValidationError as e:
                problems.extend(problems_from(e, number, raw))
                continue
            good.append((number, rows.refs[i], *(getattr(m, f) for f in names)))
        columns: list[Any] = list(zip(*good)) if good else [[] for _ in range(len(names) + 2)]
        return pa.table({"row": pa.array(columns[0], pa.int64()), "ref": pa.array(columns[1], pa.string()),
                         **{f: arrow(f, columns[2 + j]) for j, f in enumerate(names)}}), problems

    n = len(rows)
    spec = _fields(kind, catalogue)
    assert list(spec) == names, f"bulk fields of {kind} differ from its model's"
    bad = np.zeros(n, dtype=bool)
    out: dict[str, _Column] = {}
    for name in names:
        info = model.model_fields[name]
        default = None if info.is_required() else info.default
        values = rows.fields.get(name)
        if values is None:  # no row has it: the model's default (unvalidated), or a missing field in every row
            distinct = np.empty(1, dtype=object)
            distinct[0] = default
            column = _Column(distinct, np.zeros(n, dtype=np.int64), np.array([not info.is_required()]))
        else:
            column = _convert(values, spec[name], default, info.is_required())
        out[name] = column
        refused = column.bad_rows()
        if refused is not None:
            bad |= refused
    if n and not bad.all():
        _records_check(kind, out, bad)

    for i in map(int, np.flatnonzero(bad)):  # the model says what is wrong (and takes a row it finds right after all)
        raw = rows.raw(int(i))
        try:
            m = model.model_validate(raw, context=context)
        except ValidationError as e:
            problems.extend(problems_from(e, rows.numbers[i], raw))
            continue
        for name in names:
            out[name].values()[i] = getattr(m, name)  # values() keeps a row-by-row copy
        bad[i] = False
    keep = ~bad
    numbers = np.asarray(rows.numbers, dtype=np.int64)
    refs = rows.refs if isinstance(rows.refs, pa.Array) else pa.array(rows.refs, pa.string())
    return pa.table({"row": pa.array(numbers[keep]), "ref": refs.filter(pa.array(keep)),
                     **{name: out[name].arrow(name, keep) for name in names}}), problems
