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
    "page.record": ("记录", "Record"),
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
    # goal page
    "goal.choose": ("选择目标", "Choose a goal"),
    "goal.wording": ("决定原文（第{n}条）", "The decision's words (clause {n})"),
    "goal.trend": ("{name}：历年变化", "{name}: year by year"),
    "goal.trend_note": ("每年12月31日的数值；虚线为按当前年均进度推算至截止日期", "Value on 31 December of each year; the dashed line projects the pace so far to the deadline"),
    "goal.by_district": ("分区域", "By district"),
    "goal.by_district_title": ("{name}：各区域", "{name}: by district"),
    "goal.district_note": ("一项标准由多个区域的企业共同起草时，在每个区域各计一次，故各区域之和可能大于全市。", "A standard drafted by enterprises of several districts counts once in each, so districts may add up to more than the city."),
    "goal.records": ("构成现值的记录", "Records behind the value"),
    "goal.records_count": ("共 {n} 条记录", "{n} records"),
    "goal.showing": ("显示前 {shown} 条，共 {n} 条；下载可得全部", "Showing the first {shown} of {n}; the download has them all"),
    "goal.share": ("占各区合计", "Share of the districts' total"),
    "goal.needs_attention": ("需要关注", "Needs attention"),
    "goal.none_behind": ("没有落后或未达成的目标。", "No goal is behind or missed."),
    "goal.open_district": ("打开{district}", "Open {district}"),
    # district page
    "district.contribution": ("各区域对各目标的贡献", "Each district's contribution to every goal"),
    "district.ranking": ("区域排名（按有效荣誉数）", "Districts ranked by honours in force"),
    "district.rank": ("排名", "Rank"),
    "district.name": ("区域", "District"),
    "district.enterprises": ("企业数", "Enterprises"),
    "district.in_force": ("有效荣誉", "Honours in force"),
    "district.granted": ("累计获得", "Granted to date"),
    "district.goals_contributed": ("有贡献的目标", "Goals contributed to"),
    "district.share": ("占全市", "Share of city"),
    "district.city": ("全市", "City"),
    "district.top": ("有效荣誉最多的企业", "Enterprises with the most honours in force"),
    "district.scoreboard": ("{district}对各目标的贡献", "{district}: contribution to each goal"),
    "district.chart_title": ("各区域有效荣誉数", "Honours in force by district"),
    "district.pick": ("在侧栏选择一个区域，可查看该区域的目标贡献与企业。", "Choose a district in the sidebar to see its contribution and its enterprises."),
    # enterprise page
    "ent.search": ("企业名称（可输入部分名称）或统一社会信用代码", "Enterprise name (or part of it) or unified social credit code"),
    "ent.results": ("找到 {n} 家企业", "{n} enterprises found"),
    "ent.none": ("没有找到相符的企业。", "No enterprise matches."),
    "ent.uscc": ("统一社会信用代码", "Unified social credit code"),
    "ent.no_code": ("未登记", "not recorded"),
    "ent.industry": ("行业", "Industry"),
    "ent.former_names": ("曾用名", "Former names"),
    "ent.in_force": ("有效荣誉", "Honours in force"),
    "ent.expiring": ("12个月内到期", "Expiring within 12 months"),
    "ent.rank_district": ("区内排名", "Rank in district"),
    "ent.rank_industry": ("行业排名", "Rank in industry"),
    "ent.rank_value": ("第{rank}名 / {size}家", "{rank} of {size}"),
    "ent.honours": ("荣誉（按类别）", "Honours by kind"),
    "ent.timeline": ("{name}：荣誉时间线", "{name}: honours over time"),
    "ent.standards": ("参与制定的标准", "Standards drafted"),
    "ent.link_hint": ("本页地址可直接复制分享，打开即为同一页面。", "This page's address can be copied and shared; it opens the same page."),
    "ent.prompt": ("输入企业名称或统一社会信用代码开始查找；也可从目标、区域页面点击企业进入。", "Type a name or a credit code to start, or open an enterprise from a goal or district page."),
    "role.led": ("主导", "Led"),
    "role.took_part": ("参与", "Took part"),
    # record statuses
    "rstatus.in_force": ("有效", "In force"),
    "rstatus.expiring": ("12个月内到期", "Expires within 12 months"),
    "rstatus.expired": ("已过期", "Expired"),
    "rstatus.revoked": ("已撤销", "Revoked"),
    "rstatus.not_yet": ("晚于统计日", "After the as-of date"),
    "stdstatus.current": ("现行", "Current"),
    "stdstatus.replaced": ("被代替", "Replaced"),
    "stdstatus.withdrawn": ("废止", "Withdrawn"),
    # columns
    "col.kind": ("类别", "Kind"),
    "col.title": ("名称", "Name"),
    "col.number": ("编号", "Number"),
    "col.enterprise": ("企业", "Enterprise"),
    "col.district": ("区域", "District"),
    "col.granted_on": ("认定日期", "Granted"),
    "col.valid_until": ("有效期至", "Valid until"),
    "col.revoked_on": ("撤销日期", "Revoked"),
    "col.status": ("状态", "Status"),
    "col.open": ("打开", "Open"),
    "col.std_no": ("标准编号", "Standard number"),
    "col.level": ("级别", "Level"),
    "col.led_by": ("主导单位", "Led by"),
    "col.took_part": ("参与单位", "Took part"),
    "col.released_on": ("发布日期", "Released"),
    "col.service": ("服务业标准", "Service standard"),
    "col.role": ("角色", "Role"),
    "col.honours": ("有效荣誉", "Honours in force"),
    "col.uscc": ("统一社会信用代码", "Credit code"),
    "col.industry": ("行业", "Industry"),
    "col.value": ("数值", "Value"),
    # browsers
    "browse.count": ("共 {n} 条", "{n} records"),
    "browse.limited": ("仅显示最新的 {shown} 条，请用筛选缩小范围", "Showing the newest {shown}; narrow the filters to see others"),
    "browse.all": ("全部", "All"),
    "browse.intro": ("统计截至 {as_of} 已获得的记录；状态按该日计算。", "Records granted by {as_of}; statuses as on that date."),
    # downloads
    "dl.png": ("下载 PNG", "PNG"),
    "dl.svg": ("下载 SVG", "SVG"),
    "dl.csv": ("下载 CSV", "CSV"),
    "dl.xlsx": ("下载 Excel", "Excel"),
    # record page
    "record.holders": ("持有企业", "Held by"),
    "record.history": ("变更记录", "Change history"),
    "record.source": ("来源：{file}（第{id}次导入，{when}，{editor}）", "From {file} (import {id}, {when}, {editor})"),
    "record.no_history": ("无变更记录。", "No changes recorded."),
    "record.choose": ("请从记录列表或企业页面打开一条记录。", "Open a record from a list or an enterprise page."),
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
