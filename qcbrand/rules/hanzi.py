"""Chinese text as lists and people write it: traditional characters (OpenCC), Chinese numerals, and
the pinyin that search matches (pypinyin). Plain functions; no database, no Streamlit."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMERAL = "零〇一二两三四五六七八九十百千"


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters (質量獎, 集團) as simplified ones (质量奖, 集团). Simplified text comes back
    unchanged; line breaks and punctuation are kept, so line numbers stay true."""
    if not text or text.isascii():
        return text
    return _t2s().convert(text)


@lru_cache(maxsize=65536)
def simplified_cell(text: str) -> str:
    """to_simplified for one short value (a cell), cached: lists repeat districts, kinds and dates."""
    return to_simplified(text)


def number(text: str) -> int:
    """An integer written in Arabic digits (12, １２) or Chinese numerals up to the thousands (十二, 二十, 一百零五)."""
    text = text.strip()
    if re.fullmatch(r"\d+", text):
        return int(text)
    if not text or any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        raise ValueError(f"not a number: {text!r}")
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
    return total + (digit or 0)


@lru_cache(maxsize=65536)
def char_pinyin(ch: str) -> tuple[str, str]:
    """(pinyin, initial) of one character of a name: 恒 -> (heng, h); a letter or digit stands for itself;
    brackets and punctuation have none. A character with several readings takes its most common one."""
    if ch.isascii():
        return (ch.lower(), ch.lower()) if ch.isalnum() else ("", "")
    if not "\u3400" <= ch <= "\u9fff":
        return "", ""
    from pypinyin import Style, lazy_pinyin

    reading = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
    text = reading[0] if reading else ""
    return text, text[:1]


def pinyin_query(text: str) -> str | None:
    """A search text read as pinyin or initials (hengda, hd, Heng Da) -> hengda; None if it is not one."""
    letters = re.sub(r"[\s'’-]", "", text).lower()
    return letters if letters and letters.isascii() and letters.isalpha() else None
