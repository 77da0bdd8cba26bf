"""The message catalogue: every label, status word, chart title and message the app shows, in
Chinese (the default) and English. Pages and charts take text from here, never from literals."""

from __future__ import annotations

from typing import Any

LANGS = ("zh", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # app
    "app.title": ("质量强市品牌与奖项台账", "Quality-city brand and award ledger"),
    "app.language": ("语言 / Language", "Language / 语言"),
    "app.demo_banner": (
        "示例数据：本库为虚构城市的演示数据，企业名称与数字均为虚构。",
        "Demo data: this database holds a fictional city; every name and figure is made up.",
    ),
    "app.source_line": ("数据来源：qcbrand 台账", "Source: qcbrand ledger"),
    "app.source_line_demo": ("数据来源：qcbrand 示例数据（虚构）", "Source: qcbrand demo data (fictional)"),
    "app.error": ("出错了：", "Something went wrong: "),
    "app.no_plan": ("数据库中还没有计划。", "No plan is loaded in the database."),
    # pages
    "page.overview": ("总览", "Overview"),
    "page.goal": ("目标", "Goal"),
    "page.districts": ("区域", "Districts"),
    "page.enterprises": ("企业", "Enterprises"),
    "page.brands": ("名牌产品", "Famous brands"),
    "page.trademarks": ("商标", "Trademarks"),
    "page.awards": ("质量奖", "Quality awards"),
    "page.standards": ("标准", "Standards"),
    "page.data": ("数据管理", "Data management"),
    "nav.browse": ("浏览", "Browse"),
    "nav.records": ("记录", "Records"),
    "nav.manage": ("管理", "Manage"),
    # controls
    "control.as_of": ("统计截至", "As of"),
    "control.district": ("区域", "District"),
    "control.all_city": ("全市", "Whole city"),
    "control.plan": ("计划", "Plan"),
    "control.search": ("搜索", "Search"),
    "control.year_range": ("年份", "Years"),
    "control.status": ("状态", "Status"),
    "control.kind": ("类别", "Kind"),
    "control.text": ("文字筛选", "Text filter"),
    # scoreboard
    "score.clause": ("条款", "Clause"),
    "score.clause_n": ("第{n}条", "Clause {n}"),
    "score.goal": ("目标", "Goal"),
    "score.wording": ("原文", "Wording"),
    "score.value": ("现值", "Value"),
    "score.target": ("目标值", "Target"),
    "score.progress": ("进度", "Progress"),
    "score.percent": ("完成率", "Percent"),
    "score.gap": ("差距", "Gap"),
    "score.pace_needed": ("每年尚需", "Needed per year"),
    "score.pace_so_far": ("年均进度", "Pace so far per year"),
    "score.projected": ("按当前进度至截止", "Projected at deadline"),
    "score.status": ("状态", "Status"),
    "score.deadline": ("截止", "Deadline"),
    "score.open_goal": ("查看", "Open"),
    "score.rule": ("计数口径", "Counting rule"),
    "score.headline": ("品牌目标", "Brand goals"),
    "score.summary": (
        "{n} 项可计数目标：达成 {achieved}，按期 {on_track}，有风险 {at_risk}，落后 {behind}，未达成 {missed}",
        "{n} countable goals: {achieved} achieved, {on_track} on track, {at_risk} at risk, {behind} behind, {missed} missed",
    ),
    # statuses
    "status.achieved": ("达成", "Achieved"),
    "status.on_track": ("按期", "On track"),
    "status.at_risk": ("有风险", "At risk"),
    "status.behind": ("落后", "Behind"),
    "status.missed": ("未达成", "Missed"),
    "status.not_started": ("未开始", "Not started"),
    # counting rules
    "rule.total_in_force": ("总数：截至统计日仍在有效期内的记录", "Total in force on the as-of date"),
    "rule.new_in_plan": ("新增：计划开始至统计日新获得的记录", "New since the plan started"),
    "rule.won_in_plan": ("争创：计划期内获得的奖项", "Won during the plan"),
    "rule.cumulative": ("累计：统计日前获得的全部记录", "All granted up to the as-of date"),
    "rule.distinct_enterprises": ("企业数：有相应记录的不同企业", "Distinct enterprises with a matching record"),
    # comparisons
    "comparison.at_least": ("达到", "at least"),
    "comparison.more_than": ("超过", "more than"),
    "comparison.below": ("低于", "below"),
    "comparison.about": ("左右", "about"),
    # errors shown in pages
    "error.bad_date": ("日期参数“{value}”无法识别，应形如 2020-12-31。", "The date '{value}' is not recognised; write it like 2020-12-31."),
    "error.bad_param": ("链接参数 {name}=“{value}”无效：{why}", "The link parameter {name}='{value}' is not valid: {why}"),
    "error.unknown_goal": ("没有代码为“{value}”的目标。", "There is no goal with the code '{value}'."),
}


def t(key: str, lang: str = "zh", **values: Any) -> str:
    """The message for `key` in `lang`, with {placeholders} filled in. A missing key is a bug."""
    zh, en = MESSAGES[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def status_word(status: str, lang: str = "zh") -> str:
    return t(f"status.{status}", lang)


# Colour-blind-safe (Okabe–Ito) colours for statuses, each paired with a glyph so they read in greyscale.
STATUS_COLOURS = {
    "achieved": "#009E73",
    "on_track": "#56B4E9",
    "at_risk": "#E69F00",
    "behind": "#D55E00",
    "missed": "#000000",
    "not_started": "#999999",
}
STATUS_GLYPHS = {"achieved": "●", "on_track": "◐", "at_risk": "▲", "behind": "▼", "missed": "✕", "not_started": "○"}
