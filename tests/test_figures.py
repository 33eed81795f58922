"""extract.understand.figures: figures keep their text, unit and written decimals.

Sentences are copied from the sample reports (xinfang-2020, xuanchuan-2021).
"""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.understand.figures import (
    cell_comparator,
    chinese_to_int,
    clean_float_noise,
    doc_citations,
    find_figures,
    noise_decimals,
    normalise,
    parse_cell,
)
from jixiao.model import Location


def kinds(text: str, **kw) -> list[tuple[str, float | None, str]]:
    return [(f.kind, f.value, f.text) for f in find_figures(text, **kw)]


# --------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, kind, value, unit, decimals, scale",
    [
        ("203.85万元", "money", 203.85, "万元", 2, 1.0),
        ("1,234,567.89元", "money", 123.456789, "万元", 2, 1e-4),
        ("0.28万元", "money", 0.28, "万元", 2, 1.0),
        ("16.03", "number", 16.03, "", 2, 1.0),
        ("85.5%", "percent", 85.5, "%", 1, 1.0),
        ("100%\u3000", "percent", 100.0, "%", 0, 1.0),
        ("\u300010", "number", 10.0, "", 0, 1.0),
        ("\u300026.64", "number", 26.64, "", 2, 1.0),
        ("10分", "score", 10.0, "分", 0, 1.0),
        ("13人", "count", 13.0, "人", 0, 1.0),
        ("7个", "count", 7.0, "个", 0, 1.0),
        ("2020年", "year", 2020.0, "年", 0, 1.0),
        ("2020年度", "year", 2020.0, "年", 0, 1.0),
        ("１３人", "count", 13.0, "人", 0, 1.0),
        ("８５．５％", "percent", 85.5, "%", 1, 1.0),
        ("-0.5", "number", -0.5, "", 1, 1.0),
        ("－3.2%", "percent", -3.2, "%", 1, 1.0),
        ("1.5亿元", "money", 15000.0, "万元", 1, 1e4),
        ("一年", "count", 1.0, "年", 0, 1.0),
    ],
)
def test_parse_cell_values(text, kind, value, unit, decimals, scale):
    f = parse_cell(text)
    assert f is not None
    assert (f.kind, f.unit, f.decimals, f.scale) == (kind, unit, decimals, scale)
    assert f.value == pytest.approx(value)
    assert f.text == text.strip().strip("\u3000")


def test_parse_cell_half_unit_follows_written_decimals():
    # 17.11/20 written as 85.5% is rounding: 85.5 stands for 85.45..85.55
    assert parse_cell("85.5%").half_unit == pytest.approx(0.05)
    assert parse_cell("203.85万元").half_unit == pytest.approx(0.005)
    # 1,234,567.89元 is precise to the fen: half a fen in 万元
    assert parse_cell("1,234,567.89元").half_unit == pytest.approx(0.5e-6)


@pytest.mark.parametrize("text", ["—", "— —", "——", "/", "－", "-", "… …"])
def test_parse_cell_not_applicable(text):
    f = parse_cell(text)
    assert f is not None and f.kind == "na" and f.value is None


@pytest.mark.parametrize("text", ["", "   ", "\u3000", "\u3000\u3000"])
def test_parse_cell_blank_is_none(text):
    assert parse_cell(text) is None


@pytest.mark.parametrize(
    "text",
    ["前三年平均值", "维护社会稳定，完成各项任务90%", "基本支出：145.5万元\n项目支出：56.2万元",
     "居民群众幸福生活", "年初预算数"],
)
def test_parse_cell_prose_is_none(text):
    assert parse_cell(text) is None


def test_parse_cell_location_and_span():
    loc = Location(file="x.docx", table=3, row=5, col=4)
    f = parse_cell("\u300017.11", loc)
    assert f.location == loc
    assert f.span == (1, 6)


@pytest.mark.parametrize(
    "text, cmp_, value",
    [
        ("≥95%", "≥", 95.0),
        ("≤90万元", "≤", 90.0),
        ("=100%", "=", 100.0),
        ("＞50%", ">", 50.0),
        ("95%以上", "≥", 95.0),
        ("90万元以内", "≤", 90.0),
        ("不低于95%", "≥", 95.0),
        ("100%", None, 100.0),
    ],
)
def test_cell_comparator(text, cmp_, value):
    assert cell_comparator(text) == cmp_
    assert parse_cell(text).value == pytest.approx(value)


def test_parse_cell_date():
    f = parse_cell("2021年6月23日")
    assert f.kind == "date" and f.value == 20210623


# --------------------------------------------------------------------------
# Running text
# --------------------------------------------------------------------------


def test_staff_sentence_counts():
    text = "本单位共有职工13人，包括1名书记，1名局长，2名副局长，1名主任科员，8名工作人员，下设2个业务股室。"
    figs = find_figures(text)
    assert [(f.value, f.unit) for f in figs] == [
        (13, "人"), (1, "人"), (1, "人"), (2, "人"), (1, "人"), (8, "人"), (2, "个")]
    assert all(text[f.span[0]:f.span[1]] == f.text for f in figs)
    assert figs[1].text == "1名"


def test_social_insurance_bare_wan_is_wanyuan():
    text = "2020年度社保基金预算支出30.23万元，其中养老保险缴费支出13.46万、医保缴费6.73万、公积金10.1万元。"
    figs = find_figures(text)
    assert [f.kind for f in figs] == ["year", "money", "money", "money", "money"]
    year = figs[0]
    assert (year.value, year.text) == (2020, "2020年度")
    assert [(f.value, f.decimals, f.unit) for f in figs[1:]] == [
        (30.23, 2, "万元"), (13.46, 2, "万元"), (6.73, 2, "万元"), (10.1, 1, "万元")]
    assert figs[2].text == "13.46万"


def test_year_prefix_is_not_a_count():
    text = "（一）基本支出情况。2020年度一般公共预算基本支出\n总计192.78万元，其中工资福利支出183.25万元、商品和服务支出9.53万元。"
    assert kinds(text) == [
        ("year", 2020.0, "2020年度"),
        ("money", 192.78, "192.78万元"),
        ("money", 183.25, "183.25万元"),
        ("money", 9.53, "9.53万元"),
    ]


def test_scores_and_grade_sentence():
    text = "区信访局绩效评价指标总分值100分，实得86分，被评为“良好”等级。"
    assert kinds(text) == [("score", 100.0, "100分"), ("score", 86.0, "86分")]


def test_shares_and_amounts():
    text = "1、人员经费111.65万元，占基本支出的87.47%，主要包括了根据国家规定安排的工资福利支出及对个人和家庭的补助等人员经费支出。"
    figs = find_figures(text)
    assert [(f.kind, f.value, f.decimals) for f in figs] == [
        ("money", 111.65, 2), ("percent", 87.47, 2)]


def test_full_width_and_negative():
    figs = find_figures("变动率为－3.2%，扣减-0.5分，完成１３人")
    assert [(f.kind, f.value, f.text) for f in figs] == [
        ("percent", -3.2, "－3.2%"), ("score", -0.5, "-0.5分"), ("count", 13.0, "１３人")]


def test_range_dash_is_not_a_minus():
    text = "预算控制率=0，计5分；0-10%（含），计4分；10-20%（含），计3分；80%（含）-90%，计4分"
    pct = [(f.value, f.text) for f in find_figures(text) if f.kind == "percent"]
    assert pct == [(0, "0"), (10, "10%"), (10, "10"), (20, "20%"), (80, "80%"), (90, "90%")]


def test_thousands_separator_only_ascii_in_text():
    assert kinds("合计1,234,567.89元") == [("money", 123.456789, "1,234,567.89元")]
    # a full-width comma in running text separates clauses
    assert [f.value for f in find_figures("在职13人，200个项目")] == [13, 200]


def test_dates():
    text = "填表人：曾文君                           填报日期：2021年6月23日 \n2021-06-23；2021.6.23"
    figs = find_figures(text)
    assert [(f.kind, f.value) for f in figs] == [("date", 20210623)] * 3
    assert figs[0].text == "2021年6月23日"


def test_phone_numbers_and_bare_numbers_are_not_figures():
    assert find_figures("联系电话：15874506606                    单位负责人签字：") == []
    bare = find_figures("总分 100", bare=True)
    assert [(f.kind, f.value) for f in bare] == [("number", 100.0)]
    assert find_figures("总分 100") == []


@pytest.mark.parametrize(
    "text",
    [
        "附件4-2",
        "附件3",
        "（一）",
        "（2）",
        "(1)信访及维稳工作经费:主要是受理信访事项",
        "①是否符合国家相关法律法规",
        "1、负责处理上级领导机关统转信件，接待人民群众来信来访；2、向乡镇、街道和区直部门交办信访事项",
        "1）、积极建立健全了财务管理和约束机制",
        "1.有内部财务管理制度，会计核算制度等管理制度",
        "二是绩效目标设立不够明确、细化和量化。",
        "呈现出到市赴省进京上访“三下降”的较好局面",
        "第3条",
    ],
)
def test_not_figures(text):
    assert find_figures(text) == []
    assert find_figures(text, bare=True) == []


def test_list_marker_then_figure():
    text = "其中：1、人员经费111.65万元"
    assert kinds(text) == [("money", 111.65, "111.65万元")]


def test_attachment_reference_then_figures():
    assert kinds("附件4-2 年度资金总额20万元") == [("money", 20.0, "20万元")]


def test_year_ranges_and_durations():
    assert kinds("2020-2022年") == [("year", 2020.0, "2020"), ("year", 2022.0, "2022年")]
    assert kinds("前3年平均值") == [("count", 3.0, "3年")]
    assert kinds("2021年第1期") == [("year", 2021.0, "2021年")]


def test_approximate_wan():
    assert kinds("结余13万余元") == [("money", 13.0, "13万余元")]
    assert kinds("服务1.2万人次")[0][:2] == ("count", 12000.0)


def test_chinese_numeral_counts_and_years():
    figs = find_figures("内设机构七个，共有职工十三人，二〇二〇年度完成一百零五项")
    assert [(f.kind, f.value, f.unit) for f in figs] == [
        ("count", 7, "个"), ("count", 13, "人"), ("year", 2020, "年"), ("count", 105, "项")]


def test_percentage_points():
    figs = find_figures("每超过一个百分点扣0.5分；每下降5个百分点扣2分")
    assert [(f.kind, f.value, f.unit) for f in figs] == [
        ("percent", 1, "百分点"), ("score", 0.5, "分"), ("percent", 5, "百分点"), ("score", 2, "分")]


def test_citations_are_not_report_years():
    text = "及区财政《关于2018年部门预算的批复》相关文件执行，设立专项资金的政策依据充分、项目申报规范。"
    assert find_figures(text) == []
    inner = find_figures(text, skip_citations=False)
    assert [(f.kind, f.value) for f in inner] == [("year", 2018)]
    assert text[inner[0].span[0]:inner[0].span[1]] == "2018年"


def test_doc_citations():
    text = ("根据区委区政府相关文件、会议纪要以及《信访和群众工作专项资金管理办法》"
            "及区财政《关于2018年部门预算的批复》相关文件执行，按照湘财绩〔2020〕7号文件要求")
    cites = doc_citations(text)
    assert [(c.title, c.year) for c in cites] == [
        ("信访和群众工作专项资金管理办法", None),
        ("关于2018年部门预算的批复", 2018),
        ("湘财绩〔2020〕7号", 2020),
    ]
    title, year, span = cites[2]
    assert text[span[0]:span[1]] == "湘财绩〔2020〕7号"
    assert find_figures(text) == []


def test_float_noise_kept_but_exposed():
    f = parse_cell("0.0900000762939453")
    assert f.decimals == 16 and f.value == pytest.approx(0.09)
    assert noise_decimals(f.text) == 2
    cleaned = clean_float_noise(f)
    assert (cleaned.value, cleaned.decimals) == (0.09, 2)
    assert noise_decimals("85.5") is None
    assert noise_decimals("3.14159265358979") is None
    assert clean_float_noise(parse_cell("85.5%")) == parse_cell("85.5%")


@pytest.mark.parametrize(
    "s, n",
    [("十三", 13), ("二〇二〇", 2020), ("七", 7), ("一百零五", 105), ("十", 10),
     ("二十", 20), ("两千", 2000), ("三万五千", 35000), ("一二十", None), ("", None), ("abc", None)],
)
def test_chinese_to_int(s, n):
    assert chinese_to_int(s) == n


def test_location_is_attached():
    loc = Location(file="a.docx", attachment="附件3", paragraph=2)
    assert all(f.location == loc for f in find_figures("公用经费16万元，占基本支出的12.53%", loc))


@given(st.text(alphabet="０１２３４５６７８９％（），－　ab元万年人", max_size=40))
def test_normalise_keeps_length(s):
    assert len(normalise(s)) == len(s)


@given(st.text(max_size=60))
def test_spans_always_match_text(s):
    for f in find_figures(s, bare=True):
        assert s[f.span[0]:f.span[1]] == f.text


@given(st.decimals(min_value=-10**6, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_money_roundtrip(d):
    text = f"{d}万元"
    f = parse_cell(text)
    assert f.kind == "money"
    assert f.value == pytest.approx(float(d))
    assert f.decimals == 2
