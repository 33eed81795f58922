"""Bring a 评分标准 text to one spelling before parsing.

Word files mix full-width and ASCII punctuation, ≦/≤, "以下（含）"/"小于等于",
Chinese and Arabic numerals in one table; OCR turns ≤ into Q or W.  The parser
only knows the canonical forms produced here.
"""
from __future__ import annotations

from functools import lru_cache

import unicodedata

import regex as re

# NFKC would turn ① into "1" and lose the item markers, so circled numbers are kept.
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
NUM = r"\d+(?:\.\d+)?"

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMERAL = r"[零〇一二两三四五六七八九十百]+"
# Only numerals that count something: steps, items, points.  Keeps 一般/统一/此三项 intact enough.
_CN_COUNTED = re.compile(rf"({_CN_NUMERAL})(?=个百分点|个|%|项|例|分|次|处|天|人|家)")


def cn_to_int(text: str) -> int | None:
    """Small Chinese numerals (一 … 九百九十九); None when not one."""
    if not text or any(c not in _CN_DIGITS and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for c in text:
        if c in _CN_DIGITS:
            current = _CN_DIGITS[c]
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        elif c == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def _cn_sub(m: re.Match[str]) -> str:
    n = cn_to_int(m.group(1))
    return m.group(1) if n is None else str(n)


_REPLACEMENTS: list[tuple[str, str]] = [
    # OCR of ≤ in PDF text: "控制率Q100%"
    (rf"(?<=[率数额])[QW](?=\d)", "≤"),
    (r"(?<!个)百分点", "个百分点"),
    # word comparators directly before a number
    (r"(?:小于或等于|小于等于|不大于|不高于|不超过|<=)(?=\d)", "≤"),
    (r"(?:大于或等于|大于等于|不小于|不低于|>=)(?=\d)", "≥"),
    # not inside a step verb: 每超过5%, 每超过或低于5个百分点
    (r"(?<![每或])(?:大于|高于|超过|超出)(?=\d)", ">"),
    (r"(?<![每或])(?:小于|低于|不足|不满|少于)(?=\d)", "<"),
    (r"(?:等于|=)(?=-?\d)", "="),
    # postfix bounds: "100%以下（含）" / "90%（含）以上"; 以上/以下 include the number
    # (民法典 第1259条), so the bare forms are inclusive too.
    (rf"({NUM}%?)(?:以下\(含\)|\(含\)以下|以下)", r"≤\1"),
    (rf"({NUM}%?)(?:以上\(含\)|\(含\)以上|以上)", r"≥\1"),
    # range dashes
    (r"(?<=[\d%)])[-–—~〜至到](?=\d)", "-"),
    (r"\*|(?<=[\d)])[xX](?=[\d(])", "×"),
]
_COMPILED = [(re.compile(p), r) for p, r in _REPLACEMENTS]


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """Canonical spelling: NFKC (circled numbers kept), no whitespace, ≤ ≥ < > =, Arabic steps."""
    s = "".join(c if c in CIRCLED else unicodedata.normalize("NFKC", c) for c in text)
    s = "".join(s.split())
    s = s.replace("≦", "≤").replace("≧", "≥").replace("﹤", "<").replace("﹥", ">")
    s = s.replace("【", "[").replace("】", "]").replace("〔", "(").replace("〕", ")")
    # 百分点 is a unit, not the numeral 百 followed by 分
    s = _CN_COUNTED.sub(_cn_sub, s.replace("百分点", "\0")).replace("\0", "百分点")
    for pattern, repl in _COMPILED:
        s = pattern.sub(repl, s)
    return s
