"""The city and its districts are a file (issue 22, first part): the bundled Changzhou region, its spellings and
former names, a malformed file refused naming what is wrong, and another city's file read the same way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qcbrand.errors import PlanError
from qcbrand.rules import codes
from qcbrand.rules.region import DEFAULT_REGION_FILE, read_region

WUXI = """
[region]
code = "wuxi"
name_zh = "无锡市"
name_en = "Wuxi"
short_zh = "无锡"
province_zh = "江苏省"
province_en = "Jiangsu"
division_code = "320200"

[[districts]]
code = "liangxi"
name_zh = "梁溪区"
name_en = "Liangxi District"
short_zh = "梁溪"
short_en = "Liangxi"
division_code = "320213"

[[districts]]
code = "jiangyin"
name_zh = "江阴市"
name_en = "Jiangyin City"
short_zh = "江阴"
short_en = "Jiangyin"
division_code = "320281"

[[former]]
name_zh = "崇安区"
until = 2015-10-31
now = ["liangxi"]
"""


def test_the_bundled_region_is_changzhou_with_its_seven_districts() -> None:
    region = read_region(DEFAULT_REGION_FILE)
    assert (region.region.code, region.region.name_zh, region.region.division_code) == ("changzhou", "常州市", "320400")
    assert [d.code for d in region.districts] == [d.code for d in codes.districts()]  # what the code reads is the file's
    divisions = {d.code: d.division_code for d in region.districts}
    assert divisions["wujin"] == "320412" and divisions["jingkai"] == ""  # a functional zone has no code of its own
    assert all(d.division_code.startswith("3204") for d in region.districts if d.division_code)


def test_spellings_and_former_names() -> None:
    for text, code in (("常州市武进区", "wujin"), ("武进", "wujin"), ("金坛市", "jintan"), ("常州市金坛市", "jintan"),
                       ("常州国家高新区", "xinbei"), ("经开区", "jingkai"), ("Liyang City", "liyang")):
        assert codes.resolve_district(text) == code, text
    with pytest.raises(codes.AmbiguousDistrict) as split:
        codes.resolve_district("戚墅堰区")
    assert split.value.choices == ("wujin", "jingkai")


def test_another_city_is_another_file(tmp_path: Path) -> None:
    path = tmp_path / "wuxi.toml"
    path.write_text(WUXI, encoding="utf-8")
    region = read_region(path)
    spellings = region.spellings()
    assert spellings["无锡市梁溪区"] == "liangxi" and spellings["崇安区"] == "liangxi" and spellings["江阴"] == "jiangyin"
    assert region.ambiguous() == {}


@pytest.mark.parametrize(("change", "said"), [
    (('now = ["liangxi"]', 'now = ["binhu"]'), "binhu"),
    (('division_code = "320213"', 'division_code = "3202"'), "districts.0.division_code"),
    (('code = "wuxi"', 'code = "Wuxi City"'), "region.code"),
])
def test_a_malformed_region_is_refused_naming_what_is_wrong(tmp_path: Path, change: tuple[str, str], said: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(WUXI.replace(*change), encoding="utf-8")
    with pytest.raises(PlanError) as refused:
        read_region(path)
    assert said in refused.value.en and "bad.toml" in refused.value.zh and "地区文件" in refused.value.zh
    with pytest.raises(PlanError, match="不存在"):
        read_region(tmp_path / "missing.toml")


REPO = Path(__file__).resolve().parent.parent
# What names a city: its region files (the bundled ones and the README's second city). The package holds no name of
# theirs outside those files, the plans written for them, and the demo city (and the benchmark's made-up ledger, whose
# generator gives its honours the bundled city's own kinds).
CITY_FILES = [*sorted((REPO / "qcbrand" / "data" / "regions").glob("*.toml")), REPO / "docs/examples/wuxi/wuxi.toml"]
ALLOWED = {"qcbrand/services/demo.py", "qcbrand/ledger/sql/bench_generate.sql",
           "qcbrand/data/defaults.toml"}  # which bundled region a new ledger follows
ALLOWED_DIRS = ("qcbrand/data/regions/", "qcbrand/data/plans/")


def _city_names() -> set[str]:
    import tomllib

    names: set[str] = set()
    for path in CITY_FILES:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if "region" not in data:  # the province file: the other cities are not this city's
            continue
        r = data["region"]
        names |= {r["name_zh"], r["short_zh"], r["name_en"], r["code"]}
        for d in data["districts"]:
            names |= {d["code"], d["name_zh"], d["short_zh"], d["short_en"], *d.get("aliases", ())}
        names |= {n for f in data.get("former", ()) for n in (f["name_zh"], *f.get("aliases", ()))}
    return {n for n in names if len(n) >= 2 and n not in ("高新区", "经开区", "开发区", "经济开发区")} | {"常州", "无锡"}


def test_no_city_or_district_is_named_outside_its_files() -> None:
    names = sorted(_city_names(), key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)
    files = [p for top in ("qcbrand", "qcapp", "app_pages") for p in (REPO / top).rglob("*")
             if p.suffix in (".py", ".sql", ".toml") and "__pycache__" not in p.parts] + [REPO / "app.py"]
    found = []
    for path in files:
        rel = path.relative_to(REPO).as_posix()
        if rel in ALLOWED or rel.startswith(ALLOWED_DIRS):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if m := pattern.search(line):
                found.append(f"{rel}:{number}: {m[0]}")
    assert found == []
    assert len(files) > 80 and "武进区" in names and "梁溪区" in names and "jingkai" in names
    # the check can fail: a name written into code is found
    assert pattern.search('help="One district (武进区, 武进, wujin, …)."')
