"""Reading notices as text: sections and their years and counts, headed lines, prose clauses, names and
their numbering, persons, traditional characters, and the text around the lists."""

import pytest

from qcbrand.errors import QcbrandError
from qcbrand.intake import notices
from qcbrand.rules import hanzi
from tests.files import NOTICE

KINDS = {
    "江苏省省长质量奖": ("jiangsu_quality_award", "quality_award"),
    "江苏省质量奖": ("jiangsu_quality_award", "quality_award"),
    "江苏省质量奖优秀奖": ("jiangsu_quality_award_excellence", "quality_award"),
    "江苏省省长质量奖提名奖": ("jiangsu_quality_award_nomination", "quality_award"),
    "常州市市长质量奖": ("changzhou_mayor_quality_award", "quality_award"),
    "市长质量奖": ("changzhou_mayor_quality_award", "quality_award"),
    "市质量管理先进单位": ("changzhou_quality_management_unit", "other"),
}


def sections(notice: notices.Notice) -> list[tuple]:
    return [(s.line, s.shape, s.kind, s.year, s.stated, s.found, s.etc) for s in notice.sections]


def test_a_sectioned_notice() -> None:
    notice = notices.parse(NOTICE, KINDS)
    assert notice.title == "关于公布2019年度江苏省质量奖获奖名单的通知" and notice.title_year == 2019
    assert sections(notice) == [
        (3, "numbered", "jiangsu_quality_award", None, 2, 2, None),
        (6, "numbered", "jiangsu_quality_award_excellence", None, 3, 3, None),
        (10, "numbered", "changzhou_mayor_quality_award", None, None, 2, 5),
    ]
    assert [(i.line, i.name) for i in notice.items][:2] == [(4, "常州青枫机械有限公司"), (4, "常州白鹭电子有限公司")]
    assert [i.name for i in notice.items[-2:]] == ["常州甲有限公司", "常州乙有限公司"]  # 等5家 closes the list


def test_each_section_may_carry_its_own_year_and_numbered_names() -> None:
    text = ("某某市关于2014年和2016年市长质量奖的通知\n常政发〔2016〕88号\n"
            "一、2014年某某市市长质量奖（共二个）\n甲公司、乙公司\n"
            "（二）2016年某某市市长质量奖（2家企业）\n(1) 丙公司\n2、丁公司\n"
            "某某市人民政府\n2016年12月1日\n")
    notice = notices.parse(text, KINDS)
    assert notice.doc_numbers == ["常政发〔2016〕88号"]
    assert [(s.year, s.stated, s.found) for s in notice.sections] == [(2014, 2, 2), (2016, 2, 2)]
    assert [i.name for i in notice.items] == ["甲公司", "乙公司", "丙公司", "丁公司"]  # the issuer and date are no names
    assert notice.year_of(notice.sections[0], 2019) == 2014  # the heading's year wins over the one given
    assert notices.parse("2019年名单\n一、市长质量奖\n甲公司\n", KINDS).year_of(notices.parse(
        "2019年名单\n一、市长质量奖\n甲公司\n", KINDS).sections[0], None) == 2019  # else the title's


def test_a_commendation_list_with_a_person() -> None:
    text = "2020年江苏省省长质量奖\n常州甲有限公司\n王某某（常州乙集团有限公司董事长）\n\n2020年江苏省省长质量奖提名奖\n常州丙有限公司\n"
    notice = notices.parse(text, KINDS)
    assert sections(notice) == [(1, "headed", "jiangsu_quality_award", 2020, None, 2, None),
                                (5, "headed", "jiangsu_quality_award_nomination", 2020, None, 1, None)]
    assert [(i.name, i.person_org) for i in notice.items] == [
        ("常州甲有限公司", None), ("王某某", "常州乙集团有限公司董事长"), ("常州丙有限公司", None)]


def test_prose_with_several_clauses_wrapping_over_lines() -> None:
    text = ("市政府决定，授予甲有限公司、乙有限公司等2家企业“2014年某某市市长质量奖”，授予丙有限公司、\n"
            "丁有限公司等两家企业“2014年某某市质量管理先进单位”称号。\n")
    notice = notices.parse(text, KINDS)
    assert [(s.shape, s.kind, s.year, s.stated, s.found) for s in notice.sections] == [
        ("prose", "changzhou_mayor_quality_award", 2014, 2, 2),
        ("prose", "changzhou_quality_management_unit", 2014, 2, 2)]
    assert [i.name for i in notice.items] == ["甲有限公司", "乙有限公司", "丙有限公司", "丁有限公司"]


def test_a_clause_that_announces_the_list_below() -> None:
    text = "经评审，决定授予下列企业“2019年常州市市长质量奖”称号：\n1．甲有限公司\n2．乙有限公司\n"
    notice = notices.parse(text, KINDS)
    assert [(s.kind, s.year, s.found) for s in notice.sections] == [("changzhou_mayor_quality_award", 2019, 2)]


def test_an_unknown_honour_is_kept_by_name_for_the_report() -> None:
    notice = notices.parse("一、2019年常州市质量诚信示范企业（共1个）\n甲有限公司\n", KINDS)
    assert (notice.sections[0].kind, notice.sections[0].honour_text) == (None, "常州市质量诚信示范企业")


def test_traditional_characters() -> None:
    notice = notices.parse("2020年江蘇省省長質量獎\n常州恆達機械有限公司\n張某某（恆達集團有限公司總經理）\n", KINDS)
    assert notice.converted and "江蘇" in notice.original
    assert [(i.name, i.person_org) for i in notice.items] == [("常州恒达机械有限公司", None), ("张某某", "恒达集团有限公司总经理")]


@pytest.mark.parametrize(("text", "names"), [
    ("甲公司、乙公司，丙公司；丁公司。", ["甲公司", "乙公司", "丙公司", "丁公司"]),
    ("(1)甲公司 （2）乙公司、3. 丙公司", ["甲公司 （2）乙公司", "丙公司"]),
    ("王某（甲公司、乙公司董事长）、丙公司", ["王某（甲公司、乙公司董事长）", "丙公司"]),
    ("①甲公司", ["甲公司"]),
])
def test_names_and_their_numbering(text: str, names: list[str]) -> None:
    assert notices.split_names(text) == names


@pytest.mark.parametrize(("name", "found"), [
    ("王某某（常州甲集团有限公司董事长）", ("王某某", "常州甲集团有限公司董事长")),
    ("李四(某某厂厂长)", ("李四", "某某厂厂长")),
    ("恒达机械（常州）有限公司", None),
    ("常州某某（集团）有限公司", None),
    ("某某公司（原某某厂）", None),
])
def test_persons(name: str, found: tuple | None) -> None:
    assert notices.person(name) == found


@pytest.mark.parametrize(("text", "value"), [("12", 12), ("十二", 12), ("二十", 20), ("一百零五", 105), ("两", 2), ("十", 10)])
def test_numbers_in_chinese(text: str, value: int) -> None:
    assert hanzi.number(text) == value


def test_a_text_with_no_list_is_refused() -> None:
    with pytest.raises(QcbrandError) as e:
        notices.parse("今天天气很好。\n我们去公园。\n", KINDS)
    assert "找不到名单" in e.value.zh and "no list" in e.value.en
