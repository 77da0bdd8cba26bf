"""The demo city (示例数据): a deterministic, entirely fictional data set over Changzhou's seven districts.

About 1,500 enterprises with valid 统一社会信用代码 and honours of every kind from 2008 to 2024, sized
so that on 2020-12-31 some goals are met, some narrowly missed and some far behind. Every name is
made up from syllables; the app and CLI label this data as demo data wherever it is shown.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

import pandas as pd

from qcbrand import i18n, ledger
from qcbrand.errors import QcbrandError
from qcbrand.ledger import browsing, importing, reference
from qcbrand.ledger.store import Store
from qcbrand.rules.codes import USCC_ALPHABET, districts, name_key, organisation_code_check, uscc_check_character
from qcbrand.services import setup

SEED = 20161231
ENTERPRISES = 1500
FIRST_YEAR, LAST_YEAR = 2008, 2024

# Share of enterprises by district, and the administrative-division code in their credit codes.
_DISTRICT_WEIGHTS = {"liyang": 10, "jintan": 9, "wujin": 30, "xinbei": 22, "tianning": 10, "zhonglou": 10, "jingkai": 9}
_DIVISION = {"liyang": "320481", "jintan": "320413", "wujin": "320412", "xinbei": "320411",
             "tianning": "320402", "zhonglou": "320404", "jingkai": "320405"}

# industry: (share, name words, products, Nice classes)
_INDUSTRIES: dict[str, tuple[int, Sequence[str], Sequence[str], Sequence[int]]] = {
    "装备制造": (22, ("机械", "装备", "重工", "机电"), ("数控机床", "液压挖掘机", "齿轮减速机", "工业阀门", "起重机械"), (7,)),
    "汽车及零部件": (10, ("汽车部件", "车辆配件", "动力"), ("汽车座椅", "制动系统", "新能源汽车电机", "车用线束"), (12, 7)),
    "轨道交通": (5, ("轨道交通", "铁路装备"), ("轨道车辆牵引电机", "地铁门系统", "轨道扣件"), (12, 6)),
    "新材料": (10, ("新材料", "碳材料", "复合材料"), ("石墨烯导热膜", "碳纤维预浸料", "特种合金棒材"), (1, 17)),
    "电子信息": (9, ("电子", "光电", "智能科技"), ("工业传感器", "光伏逆变器", "电力电子模块"), (9,)),
    "光伏新能源": (6, ("光伏", "新能源", "储能"), ("单晶硅光伏组件", "储能电池系统"), (9,)),
    "纺织服装": (8, ("纺织", "服饰", "家纺"), ("色织面料", "羊绒衫", "床上用品"), (24, 25)),
    "化工医药": (8, ("化工", "药业", "生物"), ("原料药", "医用敷料", "水性涂料"), (1, 5)),
    "食品农业": (6, ("食品", "农业", "茶业"), ("白茶", "大米", "风味调料"), (29, 30)),
    "建筑施工": (8, ("建设", "建工", "市政工程"), ("装配式构件",), (37,)),
    "现代服务业": (8, ("物流", "旅游", "商贸", "文化"), ("物流服务",), (35, 39, 41)),
}
_SYLLABLES = list("恒瑞达鑫泰华晨宏嘉盛远宁昊锦澄禾峰璟麟骏祺翔翊骐渊骁韬曜煜楷霆坤岚泓铭湛沐玺淳")
_SUFFIXES = ("有限公司",) * 6 + ("股份有限公司",) * 3 + ("集团有限公司",)


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def make_uscc(rng: random.Random, division: str) -> str:
    org8 = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    first17 = "91" + division + org8 + organisation_code_check(org8)
    first17 = "".join(ch if ch in USCC_ALPHABET else "0" for ch in first17)
    return first17 + uscc_check_character(first17)


def enterprises(rng: random.Random) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    industry_weights = {k: v[0] for k, v in _INDUSTRIES.items()}
    while len(rows) < ENTERPRISES:
        district = _pick(rng, _DISTRICT_WEIGHTS)
        industry = _pick(rng, industry_weights)
        brand = rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES)
        if brand[0] == brand[1]:
            continue
        place = {"liyang": "溧阳", "jintan": "金坛"}.get(district, "常州")
        name = f"{place}{brand}{rng.choice(_INDUSTRIES[industry][1])}{rng.choice(_SUFFIXES)}"
        if name in seen:
            continue
        seen.add(name)
        former = []
        if district == "jintan" and rng.random() < 0.15:
            former.append(f"金坛市{brand}{_INDUSTRIES[industry][1][0]}厂")
        rows.append(
            {
                "name": name,
                "name_key": name_key(name),
                "uscc": make_uscc(rng, _DIVISION[district]) if rng.random() < 0.97 else None,
                "district_code": district,
                "industry": industry,
                "former_names": former,
                "brand": brand,
                # a long-tailed size, capped: large groups hold many honours, as in real lists
                "size": min(rng.paretovariate(2.0), 8.0),
            }
        )
    return pd.DataFrame(rows)


def _granted(rng: random.Random, year: int) -> dt.date:
    """Lists are published through the year, most in the second half."""
    month = rng.choices(range(1, 13), weights=[1, 1, 2, 2, 3, 4, 4, 4, 5, 6, 8, 10])[0]
    return dt.date(year, month, rng.randint(1, 28))


class _Holders:
    """Draws enterprises for honours: larger ones more often, optionally within an industry."""

    def __init__(self, rng: random.Random, firms: pd.DataFrame) -> None:
        self.rng = rng
        self.firms = firms
        self._by_industry = {k: g for k, g in firms.groupby("industry")}

    def draw(self, industries: Sequence[str] | None = None) -> pd.Series:
        pool = self.firms if industries is None else pd.concat([self._by_industry[i] for i in industries])
        index = self.rng.choices(range(len(pool)), weights=pool["size"].tolist())[0]
        return pool.iloc[index]


# Records per year for each kind, chosen so 2020-12-31 shows every kind of outcome.
def _per_year(kind: str, year: int) -> int:
    table: dict[str, Any] = {
        "jiangsu_famous_brand": lambda y: 0 if y > 2020 else 62 if y == 2020 else 48 + 3 * (y - 2008) if y < 2016 else 74 + (y - 2016),
        "jiangsu_boutique": lambda y: 0 if y < 2021 else 30 + 4 * (y - 2021),
        "china_well_known_trademark": lambda y: 12 if y < 2014 else 6 if y <= 2020 else 2,
        "jiangsu_famous_trademark": lambda y: 0 if y > 2018 else 150 + 8 * (y - 2008) if y < 2016 else 120,
        "changzhou_known_trademark": lambda y: 0 if y > 2018 else 190 + 6 * (y - 2008) if y < 2016 else 160,
        "china_quality_award_nomination": lambda y: 1 if y == 2018 else 0,
        "jiangsu_quality_award": lambda y: 1 if y in (2012, 2016, 2018, 2020, 2023) else 0,
        "jiangsu_quality_award_excellence": lambda y: 2 if y >= 2013 else 0,
        "changzhou_mayor_quality_award": lambda y: 3 if y >= 2010 else 0,
        "quality_credit_aaa": lambda y: 4 if y >= 2012 else 0,
        "quality_credit_aa": lambda y: 5 if y >= 2012 else 0,
        "construction_national_award": lambda y: 1 if y in (2014, 2017, 2019, 2022) else 0,
        "yangzi_cup": lambda y: 14,
        "jiangsu_transport_quality_project": lambda y: 1 if y >= 2015 else 0,
        "jiangsu_water_quality_project": lambda y: 1 if y in (2013, 2018, 2023) else 0,
        "service_pilot_national": lambda y: 1 if y in (2014, 2016, 2018, 2019, 2021) else 0,
        "service_pilot_provincial": lambda y: 3 if y >= 2013 else 0,
        "jiangsu_service_brand": lambda y: 2 if y >= 2012 else 0,
        "changzhou_service_brand": lambda y: 6 if y >= 2012 else 0,
        "brand_demo_zone": lambda y: 1 if y in (2015, 2017, 2019) else 0,
        "who_port_core_capacity": lambda y: 1 if y in (2014, 2019) else 0,
        "national_export_quality_zone": lambda y: 1 if y in (2013, 2017, 2020) else 0,
        "provincial_export_quality_zone": lambda y: 1 if y in (2011, 2016, 2018, 2019) else 0,
    }
    return table[kind](year)


_ZONE_TITLES = {
    "brand_demo_zone": ("{d}{w}产业知名品牌创建示范区",),
    "who_port_core_capacity": ("{d}{w}口岸（示例）",),
    "national_export_quality_zone": ("{d}{w}出口质量安全示范区",),
    "provincial_export_quality_zone": ("{d}{w}出口工业产品质量安全示范区",),
}
_PROJECT_TITLES = ("{w}花园{n}期工程", "{w}大道改造工程", "{w}科技园{n}号厂房", "{w}河整治工程", "{w}学校新建工程")


def refuse_to_replace_real_records(store: Store, where: str, force: bool = False) -> None:
    """The demo replaces what a ledger holds: refused where it holds real (non-demo) enterprises, unless forced."""
    if not force and browsing.enterprise_count(store) and not setup.is_demo(store):
        raise QcbrandError(*i18n.pair("msg.cli.holds_real_records_add_force", v1=where))


def build(store: Store, actor: str = "demo") -> dict[str, int]:
    """Replace the database's contents with the demo city. Deterministic: the same seed, the same city."""
    rng = random.Random(SEED)
    setup.init_database(store, actor)
    firms = enterprises(rng)
    holders = _Holders(rng, firms)
    service = ["现代服务业"]
    construction = ["建筑施工"]
    makers = [k for k in _INDUSTRIES if k not in (*service, *construction)]

    famous: list[Any] = []
    marks: list[Any] = []
    awards: list[Any] = []
    others: list[Any] = []
    stds: list[Any] = []
    drafters: list[Any] = []
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    for year in years:
        for kind in ("jiangsu_famous_brand", "jiangsu_boutique"):
            for _ in range(_per_year(kind, year)):
                f = holders.draw(makers)
                famous.append({"kind_code": kind, "enterprise": f["name"], "product": rng.choice(_INDUSTRIES[f["industry"]][2]),
                               "brand": f["brand"], "granted_on": _granted(rng, year)})
        for kind in ("china_well_known_trademark", "jiangsu_famous_trademark", "changzhou_known_trademark"):
            for _ in range(_per_year(kind, year)):
                f = holders.draw()
                marks.append({"kind_code": kind, "enterprise": f["name"],
                              "mark": f["brand"] if rng.random() < 0.8 else f["brand"] + rng.choice("牌图标"),
                              "reg_no": str(rng.randint(1_000_000, 39_999_999)),
                              "nice_class": rng.choice(_INDUSTRIES[f["industry"]][3]), "granted_on": _granted(rng, year)})
        for kind in ("china_quality_award_nomination", "jiangsu_quality_award", "jiangsu_quality_award_excellence",
                     "changzhou_mayor_quality_award"):
            for _ in range(_per_year(kind, year)):
                f = holders.draw(makers)
                awards.append({"kind_code": kind, "enterprise": f["name"], "year": year, "granted_on": _granted(rng, year)})
        for kind in ("quality_credit_aaa", "quality_credit_aa"):
            for _ in range(_per_year(kind, year)):
                f = holders.draw(makers)
                others.append({"kind_code": kind, "enterprise": f["name"], "title": f["name"], "district_code": None,
                               "granted_on": _granted(rng, year)})
        for kind in ("construction_national_award", "yangzi_cup", "jiangsu_transport_quality_project",
                     "jiangsu_water_quality_project"):
            for _ in range(_per_year(kind, year)):
                f = holders.draw(construction)
                title = rng.choice(_PROJECT_TITLES).format(w=rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES), n=rng.randint(1, 5))
                others.append({"kind_code": kind, "enterprise": f["name"], "title": title, "district_code": None,
                               "granted_on": _granted(rng, year)})
        for kind in ("service_pilot_national", "service_pilot_provincial", "jiangsu_service_brand", "changzhou_service_brand"):
            for _ in range(_per_year(kind, year)):
                f = holders.draw(service)
                title = f["name"] if "brand" in kind else f"{f['name']}服务标准化试点"
                others.append({"kind_code": kind, "enterprise": f["name"], "title": title, "district_code": None,
                               "granted_on": _granted(rng, year)})
        for kind, titles in _ZONE_TITLES.items():
            for _ in range(_per_year(kind, year)):
                district = _pick(rng, _DISTRICT_WEIGHTS)
                d = next(x for x in districts() if x.code == district)
                others.append({"kind_code": kind, "enterprise": None, "district_code": district, "granted_on": _granted(rng, year),
                               "title": rng.choice(titles).format(d=d.short_zh, w=rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES))})
        _standards_of_year(rng, holders, year, stds, drafters, makers, service)

    # A few records revoked, as happens: the scoreboard must drop them from their revocation date.
    for record, reason in ((marks[40], "违反《商标法》第十四条，在广告中使用“驰名商标”字样"),
                           (famous[500], "产品质量监督抽查不合格，撤销称号")):
        record["revoked_on"] = record["granted_on"] + dt.timedelta(days=700)
        record["revoke_reason"] = reason

    readings = _indicator_readings(rng)
    with ledger.changes(store) as change:
        cur = change.cur
        for table in ("standard_drafters", "standards", "famous_brands", "trademarks", "quality_awards", "other_honours",
                      "indicator_readings", "candidate_steps", "candidates", "enterprises"):
            importing.clear_table(cur, table)
        importing.insert_rows(cur, "enterprises", firms[["name", "name_key", "uscc", "district_code", "industry", "former_names"]])
        ids = importing.enterprise_ids_by_name(cur)
        written = {"enterprises": len(firms)}
        for table, rows in (("famous_brands", famous), ("trademarks", marks), ("quality_awards", awards),
                            ("other_honours", others)):
            frame = pd.DataFrame(rows)
            frame["enterprise_id"] = frame.pop("enterprise").map(ids).astype("Int64")
            written[table] = importing.insert_rows(cur, table, frame)
        written["standards"] = importing.insert_rows(cur, "standards", pd.DataFrame(stds))
        std_ids = importing.standard_ids_by_number(cur)
        frame = pd.DataFrame(drafters)
        frame["standard_id"] = frame.pop("std_no").map(std_ids)
        frame["enterprise_id"] = frame.pop("enterprise").map(ids)
        written["standard_drafters"] = importing.insert_rows(cur, "standard_drafters", frame)
        written["indicator_readings"] = importing.insert_rows(cur, "indicator_readings", readings)
        change.touched(everything=True)
        change.settle()  # the facts, which the pipeline is drawn from
        written["candidates"], written["candidate_steps"] = _pipeline(cur, random.Random(SEED + 21))
        reference.set_setting(cur, "demo", "true")
        change.audit(actor, "demo", note=f"demo city, seed {SEED}: " + ", ".join(f"{k} {v}" for k, v in written.items()))
    return written


# The demo's cultivation pipeline (培育库): for each kind, how many candidacies later records closed, how many
# were withdrawn and how many are still open on the plan's deadline.
_PIPELINE = {"jiangsu_famous_brand": (8, 2, 14), "china_well_known_trademark": (3, 1, 6),
             "jiangsu_quality_award": (2, 1, 4), "changzhou_mayor_quality_award": (4, 1, 6),
             "quality_credit_aaa": (3, 1, 8), "changzhou_service_brand": (4, 2, 9)}
_BUREAU_UNIT = "市市场监管局质量发展处"


def _pipeline(cur: Any, rng: random.Random) -> tuple[int, int]:
    """Candidates and their steps, drawn from the ledger just written: those a record of 2018-2020 closed (cultivated
    from two years before, coached, applied, then obtained on the record's grant), some withdrawn, and some open in
    every stage with the years they are expected. Units are the district's bureau or the city's."""
    from qcbrand.ledger import pipeline

    units = {d.code: f"{d.name_zh}市场监督管理局" for d in districts()}
    candidates: list[dict[str, Any]] = []
    steps: list[dict[str, Any]] = []

    def add(enterprise_id: int, kind: str, expected: int, path: Sequence[tuple[str, dt.date, str | None, int | None]]) -> None:
        number = len(candidates) + 1
        district = pipeline.district_of(cur, [enterprise_id]).get(enterprise_id)
        candidates.append({"candidate_id": number, "enterprise_id": enterprise_id, "kind_code": kind, "expected_year": expected,
                           "unit": units.get(district or "", _BUREAU_UNIT) if rng.random() < 0.7 else _BUREAU_UNIT,
                           "note": None})
        for stage, day, note, record in path:
            steps.append({"candidate_id": number, "stage_code": stage, "entered_on": day,
                          "note": note, "record_id": record, "editor": "demo"})

    for kind, (closed, withdrawn, still_open) in _PIPELINE.items():
        records = pipeline.records_of_kind(cur, kind, 2018, 2020)
        for r in rng.sample(records, min(closed, len(records))):
            won: dt.date = r["granted_on"]
            path = [("cultivating", dt.date(won.year - 2, 3, 1), None, None), ("coaching", dt.date(won.year - 1, 4, 1), None, None)]
            if won > dt.date(won.year, 2, 15):
                path.append(("applied", dt.date(won.year, 2, 15), None, None))
            add(r["enterprise_id"], kind, won.year, [*path, ("obtained", won, None, r["id"])])
        pool = pipeline.enterprises_without(cur, kind)
        chosen = rng.sample(pool, min(withdrawn + still_open, len(pool)))
        for f in chosen[:withdrawn]:
            add(f["enterprise_id"], kind, 2020, [("cultivating", dt.date(2018, 3, 1), None, None),
                                                 ("withdrawn", dt.date(2019, 9, 30), "企业主动放弃申报", None)])
        for i, f in enumerate(chosen[withdrawn:]):
            began = dt.date(2019, 1 + i % 6, 10)
            path = [("cultivating", began, None, None)]
            if i % 3 >= 1:
                path.append(("coaching", dt.date(2019, 9 + i % 3, 20), None, None))
            if i % 3 == 2:
                path.append(("applied", dt.date(2020, 3, 1 + i % 20), None, None))
            add(f["enterprise_id"], kind, (2020, 2020, 2021, 2022)[i % 4], path)
    importing.insert_rows(cur, "candidates", pd.DataFrame(candidates))
    importing.insert_rows(cur, "candidate_steps", pd.DataFrame(steps))
    return len(candidates), len(steps)


_STD_LEVELS = {"national": 10, "industry": 12, "local": 6, "group": 8, "international": 1}
_STD_WORDS = ("技术条件", "试验方法", "通用规范", "安全要求", "能效限定值及能效等级", "评价指南")


def _standards_of_year(rng: random.Random, holders: _Holders, year: int, stds: list[dict[str, Any]],
                       drafters: list[dict[str, Any]], makers: list[str], service: list[str]) -> None:
    count = 10 + (year - FIRST_YEAR) * 2  # standard-setting grows year by year
    for i in range(count):
        level = _pick(rng, _STD_LEVELS)
        is_service = level in ("national", "local") and rng.random() < 0.17
        serial = rng.randint(10000, 49999)
        number = {
            "national": f"GB/T {serial}-{year}",
            "industry": f"{rng.choice(('JB/T', 'QB/T', 'HG/T', 'FZ/T', 'SJ/T', 'TB/T'))} {serial // 4}-{year}",
            "local": f"DB32/T {serial // 10}-{year}",
            "group": f"T/{rng.choice(('CMIF', 'CAS', 'JSQA', 'CZBA'))} {serial // 100}-{year}",
            "international": f"ISO {serial}:{year}",
        }[level]
        if any(s["std_no"] == number for s in stds[-60:]):
            continue
        first = holders.draw(service if is_service else makers)
        product = rng.choice(_INDUSTRIES[first["industry"]][2])
        title = f"{product}服务规范" if is_service else f"{product}{rng.choice(_STD_WORDS)}"
        stds.append({"std_no": number, "title": title, "level": level, "kind_code": f"standard_{level}",
                     "released_on": _granted(rng, year), "status": "current" if year >= 2015 or rng.random() < 0.6 else "replaced",
                     "service": is_service})
        # Most standards are led by a local enterprise; some only have local enterprises taking part.
        led = rng.random() < (0.62 if level in ("national", "industry", "international") else 0.8)
        team = {first["name"]}
        drafters.append({"std_no": number, "enterprise": first["name"], "role": "led" if led else "took_part"})
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            other = holders.draw(makers)
            if other["name"] not in team:
                team.add(other["name"])
                drafters.append({"std_no": number, "enterprise": other["name"], "role": "took_part"})


_RATES_IN_PERCENT = {"industrial_sampling_pass_rate", "farm_produce_pass_rate", "acceptance_pass_rate",
                     "building_energy_standard_rate", "community_service_coverage", "forest_cover",
                     "service_sector_share", "high_tech_output_share", "rd_share", "tech_progress_contribution"}


def _indicator_readings(rng: random.Random) -> pd.DataFrame:
    start = {"industrial_sampling_pass_rate": (93.8, 0.4), "food_sampling_per_thousand": (4.1, 0.3),
             "farm_produce_pass_rate": (96.5, 0.2), "special_equipment_accident_rate": (0.36, -0.02),
             "special_equipment_death_rate": (0.21, -0.01), "acceptance_pass_rate": (100, 0),
             "building_energy_standard_rate": (99.2, 0.2), "community_service_coverage": (92, 2),
             "producer_services_satisfaction": (82.5, 0.8), "consumer_services_satisfaction": (79.0, 0.4),
             "forest_cover": (23.6, 0.3), "gdp_vs_2010": (1.55, 0.11), "service_sector_share": (49.8, 0.9),
             "high_tech_output_share": (42.0, 1.1), "rd_share": (2.6, 0.08), "invention_patents_per_10k": (18.0, 2.1),
             "high_tech_enterprises": (1050, 90), "tech_progress_contribution": (61.0, 1.2)}
    rows = []
    for code, (first, step) in start.items():
        for i, year in enumerate(range(2016, 2021)):
            noise = rng.uniform(-0.3, 0.3) * abs(step)
            value = round(first + step * i + noise, 2)
            if code in _RATES_IN_PERCENT:  # a rate in % is at most 100 (the importer refuses more)
                value = min(value, 100.0)
            rows.append({"plan_code": "changzhou-2016", "indicator_code": code, "year": year,
                         "value": value, "source": "示例数据 demo"})
    return pd.DataFrame(rows)


def ensure_demo(path: str | None = None) -> bool:
    """Build the demo database if the file does not exist yet; True if it was built."""
    from qcbrand.ledger.store import resolve_db_path

    db = resolve_db_path(path)
    if db.exists():
        return False
    with Store.open(db) as store:
        build(store)
    return True
