"""The briefing pack, opened as Word and PowerPoint would open it: its figures are the scoreboard's, its
pictures are there and sharp in print, its Chinese runs carry an East Asian font; and the Word document,
rendered by LibreOffice to PDF and by pdftoppm to PNG, has its pages."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image
from pptx import Presentation

from qcbrand import i18n, services
from qcbrand.ledger.store import Store
from qcbrand.reports import briefing

AS_OF = dt.date(2020, 6, 30)
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def packs(demo_path: Path) -> dict[str, tuple[briefing.Brief, bytes, bytes]]:
    out = {}
    with Store.open(demo_path) as store:
        for key, district, lang in (("city_zh", None, "zh"), ("wujin_en", "wujin", "en")):
            pack = briefing.make(store, None, AS_OF, district, lang)
            out[key] = (pack, briefing.docx_bytes(pack), briefing.pptx_bytes(pack))
    return out


def test_the_word_documents_figures_are_the_scoreboards(packs, demo_db) -> None:
    pack, docx, _ = packs["city_zh"]
    doc = Document(io.BytesIO(docx))
    scores = services.scoreboard(demo_db, None, AS_OF)
    table = doc.tables[0]
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:] if r.cells[0].text != r.cells[-1].text}
    assert len(rows) == len(scores) == 21
    for s in scores:
        status = f"{i18n.STATUS_GLYPHS[s.score.status]} {i18n.status_word(s.score.status, 'zh')}"  # ▼ 落后
        assert rows[s.name_zh] == [f"{s.value:,}", f"{s.score.target:,.0f}", f"{s.score.percent:.0f}%", f"{s.score.gap:,.0f}",
                                   status]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "《常州市进一步深化质量强市工作的决定》工作进展简报" in text and "截至2020年6月30日 · 全市" in text
    assert "示例数据" in text  # the demo note
    counts = services.status_counts(scores)
    assert f"21项可计数目标中，已达成{counts['achieved']}项" in text
    for s in (s for s in scores if s.headline):
        assert f"{s.name_zh}为{s.value:,}{s.unit_zh}，为目标{s.score.target:,.0f}{s.unit_zh}的{s.score.percent:.0f}%" in text
    expiring = services.expiring(demo_db, AS_OF, 12)
    assert f"未来12个月内将有{len(expiring)}项认定到期" in text
    brands = next(s for s in scores if s.goal_code == "famous_brand_products")
    assert f"截止日前将有{brands.score.lapsing}个到期未续" in text
    for s in services.needing_attention(scores):
        assert s.name_zh in text


def test_the_word_document_is_a4_with_page_numbers_and_sharp_pictures(packs) -> None:
    _, docx, _ = packs["city_zh"]
    doc = Document(io.BytesIO(docx))
    section = doc.sections[0]
    assert abs(section.page_width.mm - 210) < 0.1 and abs(section.page_height.mm - 297) < 0.1
    assert "PAGE" in "".join(n.text or "" for n in section.footer._element.iter(qn("w:instrText")))
    pictures = doc.inline_shapes
    assert len(pictures) == 5  # the three headline goals' trends, the districts' bars and their map
    assert pack_map_caption(doc) == "图5\u3000江苏名牌产品总数：各辖市区分布"
    for picture in pictures:
        blob = doc.part.related_parts[picture._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        pixels = Image.open(io.BytesIO(blob)).width
        inches = picture.width / 914400
        assert pixels / inches >= 300, pixels / inches


def pack_map_caption(doc: Document) -> str:
    return next(p.text for p in doc.paragraphs if p.style.name == "Caption" and "各辖市区分布" in p.text)


def test_every_chinese_run_carries_an_east_asian_font(packs) -> None:
    _, docx, _ = packs["city_zh"]
    doc = Document(io.BytesIO(docx))
    assert doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert doc.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    runs = [r for p in doc.paragraphs for r in p.runs if CJK.search(r.text)]
    runs += [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs if CJK.search(r.text)]
    assert len(runs) > 40
    for run in runs:
        fonts = run._r.rPr.rFonts
        assert fonts is not None and fonts.get(qn("w:eastAsia")) in ("宋体", "黑体"), run.text


def test_the_slides(packs, demo_db) -> None:
    pack, _, pptx = packs["city_zh"]
    deck = Presentation(io.BytesIO(pptx))
    assert (deck.slide_width, deck.slide_height) == (12191695, 6858000)  # 13.333 by 7.5 inches: 16:9
    slides = list(deck.slides)
    # title, summary, three headline goals, districts, the map, attention, pipeline, rate indicators
    assert len(slides) == 10
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides]
    assert pack.title in texts[0] and pack.date_line in texts[0]
    assert all(line in texts[1] for line in pack.summary)
    for slide, text, (s, _) in zip(slides[2:5], texts[2:5], pack.headline):
        assert s.name_zh in text and f"{s.value:,} / {s.score.target:,.0f}" in text
        assert sum(1 for shape in slide.shapes if shape.shape_type == 13) == 1  # its chart
    assert sum(1 for shape in slides[5].shapes if shape.shape_type == 13) == 1
    assert pack.map_chart is not None and pack.map_chart.caption in texts[6]
    assert sum(1 for shape in slides[6].shapes if shape.shape_type == 13) == 1  # the districts on the map
    for s in services.needing_attention(services.scoreboard(demo_db, None, AS_OF)):
        assert s.name_zh in texts[7]
    assert pack.pipeline_sentence in texts[8] and pack.pipeline_lines and all(line in texts[8] for line in pack.pipeline_lines)
    typefaces = {node.get("typeface") for slide in slides for node in slide.shapes._spTree.iter(qn("a:ea"))}
    assert typefaces == {"黑体", "微软雅黑"}


def test_english_and_one_district(packs, demo_db) -> None:
    pack, docx, pptx = packs["wujin_en"]
    doc = Document(io.BytesIO(docx))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "As of 30 June 2020 · Wujin District" in text and "progress briefing" in text
    scores = services.scoreboard(demo_db, None, AS_OF, "wujin")
    # the decision gives Wujin no targets of its own: its contribution, never a share of the city's target
    assert "Of 21 countable goals" not in text and "of the target" not in text and "no targets of its own" in text
    assert all(s.name_en in "\n".join(c.text for row in doc.tables[0].rows for c in row.cells) for s in scores)
    assert [c.text for c in doc.tables[0].rows[0].cells][-3:] == ["Share of city", "Since plan start", "Rank"]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["1. Summary", "2. The goals, clause by clause", "3. The brand goals year by year", "4. The districts",
                        "5. Goals that need attention", "6. The pipeline: who can close the gaps", "7. The rate indicators"]
    assert "Wujin District holds" in text
    assert pack.pipeline_lines and all(line in text for line in pack.pipeline_lines)  # its own enterprises' pipeline
    assert pack.pipeline_sentence in text
    assert len(Presentation(io.BytesIO(pptx)).slides) == 10


def test_the_word_document_renders_to_pages(packs, tmp_path: Path) -> None:
    """LibreOffice (Debian's, installed by scripts/setup.sh --dev) turns the document into a PDF, and pdftoppm the
    PDF into a PNG a page."""
    _, docx, _ = packs["city_zh"]
    source = tmp_path / "brief.docx"
    source.write_bytes(docx)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "brief.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3
    for page in pages:
        image = Image.open(page)
        assert image.width > 400 and image.height > image.width  # portrait A4
        assert image.convert("L").getextrema()[0] < 100  # something dark is printed on it
