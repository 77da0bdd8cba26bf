"""统一社会信用代码, standard numbers, districts and names."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcbrand.rules.codes import (
    USCC_ALPHABET,
    AmbiguousDistrict,
    CodeError,
    check_uscc,
    name_key,
    parse_standard_number,
    resolve_district,
    uscc_check_character,
)

# The DESIGN's worked example: 91350100M000100Y4 takes the check character 3.
KNOWN_GOOD = "91350100M000100Y43"

bodies = st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17)


def test_worked_example_check_character() -> None:
    assert uscc_check_character("91350100M000100Y4") == "3"
    assert check_uscc(KNOWN_GOOD) == KNOWN_GOOD


def test_normalises_full_width_and_case() -> None:
    assert check_uscc(" ９１３５０１００ｍ０００１００ｙ４３ ") == KNOWN_GOOD


@given(bodies)
def test_every_code_with_its_check_character_is_accepted(body: str) -> None:
    code = body + uscc_check_character(body)
    assert check_uscc(code) == code


@given(bodies, st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=30))
def test_every_single_character_corruption_is_rejected(body: str, position: int, shift: int) -> None:
    code = body + uscc_check_character(body)
    wrong = USCC_ALPHABET[(USCC_ALPHABET.index(code[position]) + shift) % 31]
    corrupted = code[:position] + wrong + code[position + 1 :]
    with pytest.raises(CodeError):
        check_uscc(corrupted)


@given(bodies, st.integers(min_value=0, max_value=17), st.sampled_from("IOZSV*-"))
def test_letters_outside_the_alphabet_are_rejected(body: str, position: int, bad: str) -> None:
    code = body + uscc_check_character(body)
    with pytest.raises(CodeError) as e:
        check_uscc(code[:position] + bad + code[position + 1 :])
    assert "不允许" in e.value.zh and "not allowed" in e.value.en


def test_wrong_length_says_how_long() -> None:
    with pytest.raises(CodeError) as e:
        check_uscc("91350100M000100Y4")
    assert "17位" in e.value.zh and "17" in e.value.en


def test_first_eight_may_hold_letters() -> None:
    # Some published validators wrongly require digits in positions 1-8; registering authorities use letters.
    body = "Y1320411MA1X2B3C4"
    assert check_uscc(body + uscc_check_character(body))


@pytest.mark.parametrize(
    ("printed", "number", "level", "year"),
    [
        ("DB32/T 380—2017", "DB32/T 380-2017", "local", 2017),
        ("GB/T 10114-2003", "GB/T 10114-2003", "national", 2003),
        ("GB/T10114－2003", "GB/T 10114-2003", "national", 2003),
        ("ｇｂ／ｔ　１２３４－２０２０", "GB/T 1234-2020", "national", 2020),
        ("GB 4706.1-2005", "GB 4706.1-2005", "national", 2005),
        ("GB/Z 1-88", "GB/Z 1-88", "national", 1988),
        ("JB/T 5000.1-2007", "JB/T 5000.1-2007", "industry", 2007),
        ("QB/T 1333—2018", "QB/T 1333-2018", "industry", 2018),
        ("T/CAS 1-2019", "T/CAS 1-2019", "group", 2019),
        ("ISO 9001:2015", "ISO 9001:2015", "international", 2015),
        ("ISO/IEC 27001：2013", "ISO/IEC 27001:2013", "international", 2013),
        ("IEC 60335-1:2020", "IEC 60335-1:2020", "international", 2020),
    ],
)
def test_standard_numbers_normalise(printed: str, number: str, level: str, year: int) -> None:
    parsed = parse_standard_number(printed)
    assert (parsed.number, parsed.level, parsed.year) == (number, level, year)


@pytest.mark.parametrize("bad", ["XX/T 1-2000", "GB/T 1234", "ISO 9001-2015", "DB/T 1-2019", "hello"])
def test_bad_standard_numbers_are_refused_in_both_languages(bad: str) -> None:
    with pytest.raises(CodeError) as e:
        parse_standard_number(bad)
    assert bad in e.value.zh and bad in e.value.en


@pytest.mark.parametrize(
    ("spelling", "code"),
    [("溧阳市", "liyang"), ("溧阳", "liyang"), ("金坛市", "jintan"), ("金坛区", "jintan"), ("武进", "wujin"),
     ("经开区", "jingkai"), ("常州经济开发区", "jingkai"), ("常州市新北区", "xinbei"), ("高新区", "xinbei"),
     (" 天宁区 ", "tianning"), ("Zhonglou District", "zhonglou")],
)
def test_districts_and_their_aliases(spelling: str, code: str) -> None:
    assert resolve_district(spelling) == code


def test_qishuyan_needs_an_editor_choice() -> None:
    with pytest.raises(AmbiguousDistrict) as e:
        resolve_district("戚墅堰区")
    assert e.value.choices == ("wujin", "jingkai")
    assert "编辑" in e.value.zh and "editor" in e.value.en


def test_unknown_district() -> None:
    with pytest.raises(CodeError):
        resolve_district("玄武区")


def test_name_key_ignores_width_spaces_brackets_and_legal_form() -> None:
    assert name_key("常州（恒达）机械有限公司") == name_key("常州(恒达)机械有限责任公司") == name_key("常州（恒达）机械")
    assert name_key("常州恒达机械股份有限公司") == name_key("常州恒达机械股份公司")
    # two companies that lists often name side by side, in one district
    assert name_key("常州恒达机械有限公司") != name_key("常州恒达机械股份有限公司")
    assert name_key("常州恒达机械有限公司") != name_key("常州恒达机械集团有限公司")
    assert name_key("常州恒达机械有限公司") != name_key("常州恒达电子有限公司")
