"""The briefing pack: the scoreboard as a Word document (python-docx) and as 16:9 slides (python-pptx), for
the date, district and language chosen, in the words of the message catalogue.

`make` gathers what a briefing says, every sentence made from the numbers; `docx_bytes` and `pptx_bytes` lay
it out. Chinese runs carry an East Asian font (宋体 for text, 黑体 for headings) so that Word and WPS show
them as intended; charts are PNGs drawn by vl-convert with the CJK font, at 300 dpi and more when printed.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qcbrand import i18n, services
from qcbrand.errors import QcbrandError
from qcbrand.ledger.store import Store
from qcbrand.reports import charts, maps, wording
from qcbrand.services.places import city_name, district_name

CHART_SCALE = 3.0  # the charts are about 860 px wide: 2,580 px, over 400 dpi across 16 cm of A4
TEXT_FONT_ZH, HEADING_FONT_ZH = "宋体", "黑体"
LATIN_FONT = "Times New Roman"


@dataclass
class Chart:
    caption: str
    png: bytes


@dataclass
class Brief:
    lang: str
    title: str
    date_line: str
    scope: str
    demo: bool
    source: str
    summary: list[str]
    scores: list[services.GoalScore]
    attention: list[services.GoalScore]
    headline: list[tuple[services.GoalScore, Chart]]
    district_chart: Chart
    district_sentence: str
    lapse_sentences: list[str] = field(default_factory=list)
    indicators: list[services.Indicator] = field(default_factory=list)
    indicator_sentence: str = ""
    pipeline_sentence: str = ""  # the pipeline (培育库) in one paragraph, and one line per goal with candidates
    pipeline_lines: list[str] = field(default_factory=list)
    map_chart: Chart | None = None  # the first headline goal on the districts' map (None without boundaries)

    def t(self, key: str, **values: Any) -> str:
        return i18n.t(key, self.lang, **values)


def written_date(day: dt.date, lang: str) -> str:
    """2020年12月31日, or 31 December 2020."""
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else f"{day.day} {day:%B %Y}"


def _number(value: float) -> str:
    return f"{value:,.0f}"


def _status(s: services.GoalScore, lang: str) -> str:
    return wording.status(s, lang)


def table_layout(brief: Brief) -> tuple[list[str], list[float], list[list[str]]]:
    """The scoreboard table of the briefing: its column headers (catalogue keys), widths in cm (16 in all,
    the text width of A4) and each goal's cells. After the deadline the value and outcome on that day and the
    value since; in a district its share of the city, change and rank, and a target only where it has its own."""
    lang = brief.lang
    final = any(s.final for s in brief.scores)
    district = any(s.contribution is not None for s in brief.scores)
    if district:
        keys = ["score.goal", "score.value", "score.own_target", "score.percent", "score.status", "score.share_city",
                "score.change", "score.rank"]
        widths = [5.0, 1.5, 1.6, 1.4, 2.3, 1.4, 1.4, 1.4]
    elif final:
        keys = ["score.goal", "score.at_deadline", "score.target", "score.percent", "score.outcome", "score.on_date"]
        widths = [6.3, 1.9, 1.6, 1.5, 2.4, 2.3]
    else:
        keys = ["score.goal", "score.value", "score.target", "score.percent", "score.gap", "score.status"]
        widths = [7.0, 1.7, 1.7, 1.6, 1.6, 2.4]
    rows = []
    for s in brief.scores:
        sc = s.score
        if district:
            rows.append([s.name(lang), f"{s.value:,}", f"{sc.target:,.0f}" if sc else "—", f"{sc.percent:.0f}%" if sc else "—",
                         _status(s, lang) if sc else "—", wording.share(s), wording.change(s),
                         wording.rank(s, lang)])
        elif final and sc:
            rows.append([s.name(lang), f"{s.value_at_deadline:,}", f"{sc.target:,.0f}", f"{sc.percent:.0f}%",
                         _status(s, lang), f"{s.value:,}"])
        elif sc:  # the city's goals all have a target
            rows.append([s.name(lang), f"{s.value:,}", f"{sc.target:,.0f}", f"{sc.percent:.0f}%", f"{sc.gap:,.0f}",
                         _status(s, lang)])
    return keys, widths, rows


def make(store: Store, plan_code: str | None, as_of: dt.date, district: str | None = None, lang: str = "zh") -> Brief:
    """What a briefing says on the date for the city or one district: every sentence from the numbers."""
    if lang not in i18n.LANGS:
        raise QcbrandError(*i18n.pair("msg.briefing.language_one", v1='、'.join(i18n.LANGS), v2=', '.join(i18n.LANGS)))
    tr = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    plan = services.get_plan(store, plan_code)
    district = services.check_district(store, district)
    place = tr("control.all_city") if district is None else district_name(district, lang)
    demo = services.is_demo(store)
    source = tr("app.source_line_demo" if demo else "app.source_line", city=city_name(lang))
    scores = services.scoreboard(store, plan.code, as_of, district)
    try:
        earlier_day = as_of.replace(year=as_of.year - 1)
    except ValueError:  # 29 February
        earlier_day = as_of - dt.timedelta(days=365)
    earlier = {s.goal_code: s.value for s in services.scoreboard(store, plan.code, earlier_day, district)}

    judged = [s for s in scores if s.score is not None]
    summary = []
    if as_of > plan.ends_on:  # the outcome was decided on the deadline
        summary.append(tr("brief.final_note", date=written_date(plan.ends_on, lang)))
    if judged:
        counted = services.status_counts(judged)
        summary.append(tr("brief.overall_not_started" if counted["not_started"] else "brief.overall", n=len(judged), **counted))
    if len(judged) < len(scores):
        summary.append(tr("brief.no_district_target", district=place))
    headline = [s for s in scores if s.headline]
    for s in headline:
        unit = s.unit(lang)
        change = s.value - earlier.get(s.goal_code, 0)
        sc, c = s.score, s.contribution
        if sc is None:
            assert c is not None
            summary.append(tr("brief.district_goal", name=s.name(lang), district=place, value=_number(s.value),
                              unit=unit, share=wording.share(s), change=wording.change(s), rank=c.rank or "—", n=c.districts))
        elif s.final:
            summary.append(tr("brief.final_goal", name=s.name(lang), value=_number(sc.value), unit=unit,
                              target=_number(sc.target), outcome=i18n.status_word(sc.status, lang), now=_number(s.value)))
        else:
            summary.append(tr("brief.goal", name=s.name(lang), value=_number(s.value), unit=unit, target=_number(sc.target),
                              percent=f"{sc.percent:.0f}",
                              gap=tr("brief.gap", gap=_number(sc.gap), unit=unit) if sc.gap else tr("brief.met"),
                              status=i18n.status_word(sc.status, lang),
                              change=tr("brief.up" if change > 0 else "brief.down" if change < 0 else "brief.same",
                                        n=_number(abs(change)), unit=unit)))

    contribution, ranking = services.district_overview(store, plan.code, as_of)
    name_of = f"name_{lang}"
    if district is None:
        most, least = ranking.iloc[0], ranking.iloc[-1]
        district_sentence = tr("brief.districts", most=most[name_of], most_n=_number(most["in_force"]),
                               most_share=f"{most['share_in_force']:.0%}", least=least[name_of],
                               least_n=_number(least["in_force"]), least_share=f"{least['share_in_force']:.0%}")
    else:
        row = ranking[ranking["district_code"] == district].iloc[0]
        district_sentence = tr("brief.district_rank", district=place, n=_number(row["in_force"]),
                               share=f"{row['share_in_force']:.0%}", rank=int(row["rank"]), total=len(ranking))
    summary.append(district_sentence)

    expiring = services.expiring(store, as_of, 12, district)
    summary.append(tr("brief.lapses", n=len(expiring), renewed=int(expiring["renewed_by"].notna().sum()))
                   if len(expiring) else tr("brief.no_lapses"))
    lapse_sentences = [
        tr("brief.lapse_goal", name=s.name(lang), n=_number(s.score.lapsing), unit=s.unit(lang), target=_number(s.score.target),
           renew=_number(s.score.to_renew), add=_number(s.score.to_add))
        for s in scores if s.score is not None and s.expiring_before_deadline and as_of < plan.ends_on]
    summary.extend(lapse_sentences)

    trend_charts = []
    for s in headline:
        detail = services.goal_detail(store, plan.code, s.goal_code, as_of, district)
        spec = charts.goal_trend(detail["series"], title=tr("goal.trend", name=s.name(lang)),
                                 subtitle_text=charts.subtitle(lang, as_of, place, tr(
                                     "goal.trend_note" if s.score and s.score.projected is not None and as_of < plan.ends_on
                                     else "goal.trend_note_plain")),
                                 source=source, lang=lang, target=s.score.target if s.score else None,
                                 deadline=plan.ends_on, as_of=as_of, projected=s.score.projected if s.score else None,
                                 unit=s.unit(lang), lapse_path=detail["lapse_path"], periods=detail["periods"])
        trend_charts.append((s, Chart(tr("goal.trend", name=s.name(lang)), charts.to_png(spec, scale=CHART_SCALE))))
    bars = charts.district_bars(
        ranking.rename(columns={name_of: "district", "in_force": "value"})[["district", "value"]],
        title=tr("brief.district_chart"), subtitle_text=charts.subtitle(lang, as_of, tr("control.all_city")),
        source=source, value_title=tr("district.in_force"))
    map_chart = _map_chart(store, plan.code, headline[0] if headline else scores[0], as_of, lang, source, district)
    rates = services.indicators(store, plan.code, as_of)
    indicator_sentence = tr("brief.indicators", n=len(rates), met=sum(i.status == "met" for i in rates),
                            not_met=sum(i.status == "not_met" for i in rates),
                            none=sum(i.status == "no_reading" for i in rates)) if rates else ""
    if indicator_sentence:
        summary.append(indicator_sentence)
    stages = services.pipeline.stages(store)
    piped = [s for s in scores if s.pipeline is not None and (s.pipeline.open or s.pipeline.beyond_pipeline)]
    pipeline_sentence = tr("brief.pipeline", goals=sum(1 for s in piped if s.pipeline and s.pipeline.open),
                           beyond=sum(1 for s in piped if s.pipeline and s.pipeline.beyond_pipeline))
    pipeline_lines = [f"{s.name(lang)}{'：' if lang == 'zh' else ': '}{wording.pipeline(s, stages, lang, plan.ends_on.year)}"
                      for s in piped]
    return Brief(
        pipeline_sentence=pipeline_sentence, pipeline_lines=pipeline_lines,
        indicators=rates, indicator_sentence=indicator_sentence,
        lang=lang, title=tr("brief.title", plan=plan.name(lang)), date_line=tr("brief.date", date=written_date(as_of, lang)),
        scope=place, demo=demo, source=source, summary=summary, scores=scores,
        attention=services.needing_attention(scores), headline=trend_charts,
        district_chart=Chart(tr("brief.district_chart"), charts.to_png(bars, scale=CHART_SCALE)),
        district_sentence=district_sentence, lapse_sentences=lapse_sentences, map_chart=map_chart)


def _map_chart(store: Store, plan_code: str, s: services.GoalScore, as_of: dt.date, lang: str, source: str,
               district: str | None) -> Chart | None:
    """One goal's value per district on the region's map (the district briefed outlined)."""
    data = services.district_map(store, plan_code, s.goal_code, as_of)
    title = i18n.t("map.title", lang, name=s.name(lang))
    note = i18n.t("map.by_status" if data["by_status"] else "map.by_value", lang)
    spec = maps.district_map(data["boundaries"], data["rows"], by_status=data["by_status"], title=title,
                             subtitle_text=charts.subtitle(lang, as_of, i18n.t("control.all_city", lang), note), source=source,
                             lang=lang, value_title=f"{i18n.t('score.value', lang)} ({s.unit(lang)})", highlight=district)
    return None if spec is None else Chart(title, charts.to_png(spec, scale=CHART_SCALE))


def indicator_rows(brief: Brief) -> list[list[str]]:
    """Each indicator: name, target, latest year, latest reading, status."""
    return [[i.name(brief.lang), f"{brief.t('ind.cmp.' + i.comparison)} {i.target:g} {i.unit(brief.lang)}",
             str(i.latest[0]) if i.latest else "—", f"{i.latest[1]:g}" if i.latest else "—", brief.t(f"ind.{i.status}")]
            for i in brief.indicators]


def attention_line(brief: Brief, s: services.GoalScore) -> str:
    assert s.score is not None  # only a goal with a target needs attention
    if brief.lang == "zh":
        lapses = f"；{brief.t('goal.lapse_risk')}（{s.score.lapsing:,}{s.unit('zh')}将到期）" if s.score.lapse_risk else ""
    else:
        lapses = f"; {brief.t('goal.lapse_risk')} ({s.score.lapsing:,} lapse)" if s.score.lapse_risk else ""
    return wording.line(s, brief.lang) + lapses


# --- Word ----------------------------------------------------------------------------------------


def _east_asian(element: Any, font: str) -> None:
    """Give a style's or a run's properties an East Asian font (w:eastAsia), as Word and WPS read it."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


def _run(paragraph: Any, text: str, *, heading: bool = False, bold: bool = False, size: float | None = None,
         colour: str | None = None) -> Any:
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(text)
    _east_asian(run._r, HEADING_FONT_ZH if heading else TEXT_FONT_ZH)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    return run


def _page_number(paragraph: Any, lang: str) -> None:
    """第 N 页 / Page N, N a PAGE field that Word and WPS fill in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    before, after = i18n.t("brief.page", lang, page="\x00").split("\x00")
    _run(paragraph, before, size=9)
    run = _run(paragraph, "", size=9)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = " PAGE "
        else:
            node = OxmlElement("w:t")
            node.text = text
        run._r.append(node)
    _run(paragraph, after, size=9)


def docx_bytes(brief: Brief) -> bytes:
    """The briefing as an A4 Word document."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(22)
    for name, font in (("Normal", TEXT_FONT_ZH), ("Title", HEADING_FONT_ZH), ("Heading 1", HEADING_FONT_ZH),
                       ("Heading 2", HEADING_FONT_ZH), ("Caption", TEXT_FONT_ZH), ("List Bullet", TEXT_FONT_ZH)):
        style = doc.styles[name]
        style.font.name = LATIN_FONT
        _east_asian(style.element, font)
        if name != "Normal":  # a sober document: headings and captions in ink, not the theme's blue
            style.font.color.rgb = RGBColor(0x1F, 0x29, 0x33)
    doc.styles["Normal"].font.size = Pt(11)
    doc.core_properties.title = brief.title
    doc.core_properties.author = "qcbrand"

    title = doc.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, brief.title, heading=True, size=20)
    line = doc.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(line, f"{brief.date_line} · {brief.scope}", size=12)
    if brief.demo:
        note = doc.add_paragraph()
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(note, brief.t("brief.demo_note"), size=9, colour="616E7C")

    def heading(key: str) -> None:
        _run(doc.add_paragraph(style="Heading 1"), brief.t(key), heading=True)

    heading("brief.h_summary")
    for sentence in brief.summary:
        _run(doc.add_paragraph(style="List Bullet"), sentence)

    heading("brief.h_scoreboard")
    columns, cm, cells_of = table_layout(brief)
    widths = tuple(Cm(w) for w in cm)  # 16 cm: the text width of A4
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for cell, key in zip(table.rows[0].cells, columns):
        _run(cell.paragraphs[0], brief.t(key), heading=True, size=9.5)
    for clause in sorted({s.clause for s in brief.scores}):
        row = table.add_row().cells
        merged = row[0].merge(row[-1])
        _run(merged.paragraphs[0], brief.t("score.clause_n", n=clause), heading=True, size=9.5)
        for values in (v for s, v in zip(brief.scores, cells_of) if s.clause == clause):
            cells = table.add_row().cells
            for index, (cell, value) in enumerate(zip(cells, values)):
                paragraph = cell.paragraphs[0]
                if index and columns[index] not in ("score.status", "score.outcome", "score.rank"):
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                _run(paragraph, value, size=9.5)
    for row in table.rows:
        if len({id(c._tc) for c in row.cells}) == 1:  # a clause's row, merged across
            continue
        for cell, width in zip(row.cells, widths):
            cell.width = width

    def figure(number: int, chart: Chart) -> None:
        doc.add_picture(io.BytesIO(chart.png), width=Cm(16))  # 16 cm: over 400 dpi at CHART_SCALE
        caption = doc.add_paragraph(style="Caption")
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(caption, brief.t("brief.figure", n=number, caption=chart.caption), size=9)

    heading("brief.h_trends")
    for number, (_, chart) in enumerate(brief.headline, start=1):
        figure(number, chart)

    heading("brief.h_districts")
    _run(doc.add_paragraph(), brief.district_sentence)
    figure(len(brief.headline) + 1, brief.district_chart)
    if brief.map_chart is not None:
        figure(len(brief.headline) + 2, brief.map_chart)

    heading("brief.h_attention")
    if not brief.attention:
        _run(doc.add_paragraph(), brief.t("brief.none_attention"))
    for s in brief.attention:
        _run(doc.add_paragraph(style="List Bullet"), attention_line(brief, s))

    heading("brief.h_pipeline")  # who can close the gaps: the candidates of each goal
    _run(doc.add_paragraph(), brief.pipeline_sentence)
    for text in brief.pipeline_lines:
        _run(doc.add_paragraph(style="List Bullet"), text)

    if brief.indicators:  # the decision's rates, city-wide: their latest readings against the targets
        heading("brief.h_indicators")
        _run(doc.add_paragraph(), brief.indicator_sentence)
        keys = ["ind.name", "ind.target", "ind.latest_year", "ind.latest_value", "ind.status"]
        rates = doc.add_table(rows=1, cols=len(keys))
        rates.style = "Table Grid"
        rates.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, key in zip(rates.rows[0].cells, keys):
            _run(cell.paragraphs[0], brief.t(key), heading=True, size=9.5)
        for reading in indicator_rows(brief):
            for cell, value in zip(rates.add_row().cells, reading):
                _run(cell.paragraphs[0], value, size=9.5)
        for row in rates.rows:
            for cell, width in zip(row.cells, (Cm(6.2), Cm(3.6), Cm(1.8), Cm(2.0), Cm(2.4))):
                cell.width = width

    source = doc.add_paragraph()
    _run(source, brief.source + (" · " + brief.t("brief.demo_note") if brief.demo else ""), size=9, colour="616E7C")
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer, brief.lang)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- slides --------------------------------------------------------------------------------------

SLIDE_TITLE_FONT_ZH, SLIDE_TEXT_FONT_ZH = "黑体", "微软雅黑"


def _slide_text(frame: Any, lines: list[str], size: float, *, title: bool = False, colour: str | None = None) -> None:
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(size * 0.6)
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = title or None
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour)
        rpr = run._r.get_or_add_rPr()
        for tag, face in (("a:latin", "Arial"), ("a:ea", SLIDE_TITLE_FONT_ZH if title else SLIDE_TEXT_FONT_ZH)):
            node = rpr.find(qn(tag))
            if node is None:
                node = rpr.makeelement(qn(tag), {})
                rpr.append(node)
            node.set("typeface", face)


def pptx_bytes(brief: Brief) -> bytes:
    """The briefing as 16:9 slides: title, summary, one per headline goal, the districts, the goals needing attention."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]
    footer_text = brief.source + (" · " + brief.t("brief.demo_note") if brief.demo else "")

    def slide(title: str) -> Any:
        page = deck.slides.add_slide(blank)
        _slide_text(page.shapes.add_textbox(Inches(0.6), Inches(0.35), Inches(12.1), Inches(0.9)).text_frame, [title],
                    28 if len(title) < 40 else 22, title=True, colour="1F2933")
        _slide_text(page.shapes.add_textbox(Inches(0.6), Inches(6.95), Inches(12.1), Inches(0.4)).text_frame, [footer_text], 11,
                    colour="616E7C")
        return page

    first = deck.slides.add_slide(blank)
    _slide_text(first.shapes.add_textbox(Inches(0.8), Inches(1.3), Inches(11.7), Inches(2.6)).text_frame, [brief.title], 34,
                title=True, colour="1F2933")
    _slide_text(first.shapes.add_textbox(Inches(0.8), Inches(4.4), Inches(11.7), Inches(1.4)).text_frame,
                [f"{brief.date_line} · {brief.scope}", *([brief.t("brief.demo_note")] if brief.demo else [])], 20, colour="616E7C")

    summary = slide(brief.t("brief.h_summary"))
    _slide_text(summary.shapes.add_textbox(Inches(0.6), Inches(1.4), Inches(12.1), Inches(5.4)).text_frame,
                [f"• {line}" for line in brief.summary], 16)

    for s, chart in brief.headline:
        page = slide(s.name(brief.lang))
        page.shapes.add_picture(io.BytesIO(chart.png), Inches(0.5), Inches(1.35), width=Inches(8.4))
        if s.score is None:  # a district without a target of its own
            figures = [f"{s.value:,} {s.unit(brief.lang)} · {brief.t('score.share_city')} {wording.share(s)} · "
                       f"{brief.t('score.rank')} {_status(s, brief.lang)}"]
        else:
            figures = [brief.t("brief.figures", value=wording.figures(s, brief.lang).split(" / ")[0],
                               target=f"{s.score.target:,.0f}", unit=s.unit(brief.lang),
                               percent=f"{s.score.percent:.0f}", status=_status(s, brief.lang))]
            if s.final:
                figures.append(wording.since(s, brief.lang))
        figures.append(f"“{s.wording_zh}”")
        if s.expiring_before_deadline and not s.final and s.score:
            figures.append(f"{brief.t('goal.lapsing')}: {s.score.lapsing:,}")
        _slide_text(page.shapes.add_textbox(Inches(9.2), Inches(1.6), Inches(3.6), Inches(5.0)).text_frame, figures, 16)

    districts = slide(brief.t("brief.h_districts"))
    districts.shapes.add_picture(io.BytesIO(brief.district_chart.png), Inches(0.5), Inches(1.6), width=Inches(8.4))
    _slide_text(districts.shapes.add_textbox(Inches(9.2), Inches(1.6), Inches(3.6), Inches(5.0)).text_frame,
                [brief.district_sentence], 16)

    if brief.map_chart is not None:
        mapped = slide(brief.map_chart.caption)
        mapped.shapes.add_picture(io.BytesIO(brief.map_chart.png), Inches(1.4), Inches(1.3), height=Inches(5.6))

    attention = slide(brief.t("brief.h_attention"))
    lines = [f"• {attention_line(brief, s)}" for s in brief.attention] or [brief.t("brief.none_attention")]
    per_column = 11  # more than that goes in a second column, smaller, so that none runs into the footer
    if len(lines) <= per_column:
        _slide_text(attention.shapes.add_textbox(Inches(0.6), Inches(1.4), Inches(12.1), Inches(5.4)).text_frame, lines, 16)
    else:
        half = (len(lines) + 1) // 2
        for column, part in enumerate((lines[:half], lines[half:])):
            _slide_text(attention.shapes.add_textbox(Inches(0.6 + 6.15 * column), Inches(1.4), Inches(5.95), Inches(5.4)).text_frame,
                        part, 12 if half <= 16 else 10)
    pipeline = slide(brief.t("brief.h_pipeline"))
    lines = [brief.pipeline_sentence] + [f"• {line}" for line in brief.pipeline_lines]
    _slide_text(pipeline.shapes.add_textbox(Inches(0.6), Inches(1.4), Inches(12.1), Inches(5.4)).text_frame, lines,
                14 if len(lines) <= 9 else 10)
    if brief.indicators:
        rates = slide(brief.t("brief.h_indicators"))
        lines = [brief.indicator_sentence] + [f"• {name}：{value}（{year}）{status}" if brief.lang == "zh"
                                             else f"• {name}: {value} ({year}), {status}"
                                             for name, _, year, value, status in indicator_rows(brief)]
        half = (len(lines) + 1) // 2
        for column, part in enumerate((lines[:half], lines[half:])):
            _slide_text(rates.shapes.add_textbox(Inches(0.6 + 6.15 * column), Inches(1.4), Inches(5.95), Inches(5.4)).text_frame,
                        part, 11)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def write(brief: Brief, path: Path) -> Path:
    """Write FILE.docx or FILE.pptx, by the name's suffix."""
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".pptx"):
        raise QcbrandError(*i18n.pair("msg.briefing.briefing_file_docx_pptx_not", path_name=path.name))
    path.write_bytes(docx_bytes(brief) if suffix == ".docx" else pptx_bytes(brief))
    return path
