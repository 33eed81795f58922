"""Chinese line breaking for the terminal (reports.cjkwrap)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from reports.cjkwrap import NO_END, NO_START, wrap

SAMPLE = ("自评分与评分标准不符：公用经费控制率（分值3分）= 公用经费决算数/预算数 = 9.53/8.5 = 112.12%，"
          "按评分标准“≤100%计3分，每超出1%扣1分，扣完为止”应得0分，自评3分")


def test_breaks_where_chinese_typesetting_allows() -> None:
    lines = [t.plain for t in wrap(Text(SAMPLE), 40, 4, 6)]
    assert all(cell_len(line) <= 40 for line in lines)
    assert lines[0].startswith("    自评分") and all(line.startswith("      ") for line in lines[1:])
    assert not [line for line in lines if line.strip()[0] in NO_START]
    assert not [line for line in lines if line.rstrip()[-1] in NO_END]
    joined = "".join(line.strip() for line in lines)
    assert joined.replace(" ", "") == SAMPLE.replace(" ", "")
    # a formula wider than the line breaks before an operator, else it stays whole
    assert "      = 112.12%，按评分标准“≤100%计3分，" in lines
    wider = [t.plain for t in wrap(Text(SAMPLE), 60, 4, 6)]
    assert any("公用经费决算数/预算数 = 9.53/8.5 = 112.12%" in line for line in wider)


def test_figures_stay_with_their_units_and_styles_survive() -> None:
    text = Text("合计")
    text.append("30.23万元", style="bold")
    text.append("，其中养老保险缴费支出13.46万、医保缴费6.73万、公积金10.1万元，合计30.29万元。" * 3)
    lines = wrap(text, 30)
    for line in lines:
        assert not line.plain.startswith(("万", "元", "%"))
    bold = [line.plain[s.start:s.end] for line in lines for s in line.spans if s.style == "bold"]
    assert bold == ["30.23万元"]


def test_no_width_means_one_line() -> None:
    [line] = wrap(Text(SAMPLE * 3), None, 2)
    assert line.plain == "  " + SAMPLE * 3


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("财政经费支出，。、（）「」“” 0123456789.%/=+万元分abc")), max_size=200),
       st.integers(min_value=10, max_value=100))
def test_wrapping_keeps_every_character_and_the_width(s: str, width: int) -> None:
    lines = wrap(Text(s), width, 2, 4)
    assert all(cell_len(line.plain) <= width for line in lines)
    kept = "".join(line.plain.strip(" ") for line in lines)
    assert kept.replace(" ", "") == s.replace(" ", "")
