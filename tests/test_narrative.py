"""Narrative: sentences, grades, enumerations, and the statement labels of real sample sentences.

Sentences are copied verbatim from the sample reports (xinfang-2020 附件3 and
附件5-2, xuanchuan-2021 附件4).
"""
from __future__ import annotations

import pytest

from extract.understand.narrative import enumerations, find_grades, split_sentences
from extract.understand.statements import parse_text
from jixiao.model import Location

LOC = Location(file="sample.docx", attachment="附件3", paragraph=1)

XF_STAFF = "本单位共有职工13人，包括1名书记，1名局长，2名副局长，1名主任科员，8名工作人员，下设2个业务股室。"
XF_BASIC = "（一）基本支出情况。2020年度一般公共预算基本支出\n总计192.78万元，其中工资福利支出183.25万元、商品和服务支出9.53万元。"
XF_PROJECTS = ("1、2020年度一般公共预算项目支出67.85万元，共实施5个项目支出，分别是：接访专项、"
               "复查复核办公室办案专项、特殊疑难信访问题专项、驻京维稳劝返专项、信访救助专项资金。   ")
XF_SOCIAL = "2020年度社保基金预算支出30.23万元，其中养老保险缴费支出13.46万、医保缴费6.73万、公积金10.1万元。"
XF_SCORE = ("根据部门整体支出绩效评价指标体系和绩效检查情况，区信访局绩效评价指标总分值100分，"
            "实得86分，被评为“良好”等级。从整体情况来看，我局严格按照年初预算进行部门整体支出。")
XF_INCOME = ("鹤城区信访局2020年度预算资金收入合计203.85万元，主要为一般公共预算财政拨款收入，无自筹资金。"
             "按照支出性质和经济分类，投入在人员经费118.15万元、公用经费8.5万元、项目支出77.2万元。")
XF_USE = "（二）预算资金实际使用情况。鹤城区信访局2020年度预算资金实际使用260.63万元，投入在人员经费183.25万元、公用经费9.53万元、项目支出67.85万元。"
XF_OUTPUTS = ("实现的产出情况和取得的效益情况：一是到市赴省进京初访下降50%；二是没有发生进京重复访、集体访、"
              "非正常访和极端事件；三是中央、省、市转办件按时办结，办结率达到100%；四是初信办结率达到100%；"
              "五是重复信比例下降了10%以上；六是没有发生信访问题处置不当造成重大恶性事件；七是群众满意率较高。")

XC_STAFF = ("中共麻阳苗族县委宣传部内设机构7个，分别为办公室、新闻室、理论宣教研究室、意识形态指导股、"
            "文化文艺和电影股文明创建指导股出版和版权管理股。县宣传部总核定编制15人，其中：行政编9人，"
            "事业编6人。现实有在职人数15人、退休2人。")
XC_BUDGET = ("2021年预算总收入127.65万元，（其中：年初预算安排113.34万元，上年结余14.31万元。）"
             "预算总支出127.65万元，其中基本支出127.65万元，占全年总支出的100%；项目支出0万元，占全年总支出的0%。")
XC_BASIC = ("2021年我办基本支出为127.65万元，其中：1、人员经费111.65万元，占基本支出的87.47%，"
            "主要包括了根据国家规定安排的工资福利支出及对个人和家庭的补助等人员经费支出。其中：工资福利支出"
            "111.35万元，对个人和家庭的补助0.3万元。2、公用经费16万元，占基本支出的12.53%，主要包括按国家"
            "规定的开支标准安排的办公费、印刷费、邮电费、差旅费、会议费、租赁费、工会经费、日常维修费、劳务费"
            "及一般设备购置费、办公用房水电费、办公用房物业管理费、公务用车运行维护费以及其他费用。")
XC_SANGONG = ("“三公”经费年初预算0.9万元，其中公务接待费0.9万元，公务用车运行费0万元，因公出国（境）费0万元。"
              "实际“三公”经费支出0.64万元，占年初预算的71.11%，其中公务接待费0.64万元，占年初预算的71.11%,"
              "公务用车运行费0万元，占年初预算的0%，因公出国（境）费0万元。“三公”经费结余0.26万元，"
              "结余率28.89%。原因为财政资金调度不及时，当年支出未结清。")


def labels(text: str) -> list[tuple[str, str]]:
    """(label, figure) of each statement: the labels the rules read."""
    return [(st.label, st.figure.text) for st in parse_text(text, LOC, 2020)]


# --------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------


def test_split_sentences_offsets():
    text = "一是资金使用效益有待进一步提高。二是绩效目标设立不够明确、细化和量化；三是\n无"
    parts = split_sentences(text)
    assert [s for s, _ in parts] == ["一是资金使用效益有待进一步提高", "二是绩效目标设立不够明确、细化和量化", "三是", "无"]
    for s, start in parts:
        assert text[start:start + len(s)] == s


def test_split_sentences_keeps_parenthesis_with_its_sentence():
    parts = split_sentences(XC_BUDGET)
    assert parts[0][0].startswith("2021年预算总收入127.65万元，（其中：")
    assert "14.31万元。）预算总支出127.65万元" in parts[0][0]
    assert parts[1][0] == "项目支出0万元，占全年总支出的0%"


def test_split_sentences_layout_line_breaks():
    text = "2020年度一般公共预算基本支出\n总计192.78万元。无"
    assert [s for s, _ in split_sentences(text)] == ["2020年度一般公共预算基本支出", "总计192.78万元", "无"]
    assert [s for s, _ in split_sentences(text, line_breaks=False)] == [
        "2020年度一般公共预算基本支出\n总计192.78万元", "无"]


def test_split_sentences_strips_blanks():
    assert split_sentences("  无  \n\n  ") == [("无", 2)]


# --------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------


def test_labels_score_sentence_and_grade():
    assert labels(XF_SCORE) == [("绩效评价指标总分值", "100分"), ("实得", "86分")]
    (grade,) = find_grades(XF_SCORE, LOC)
    assert grade.kind == "grade" and grade.value is None
    assert XF_SCORE[grade.span[0]:grade.span[1]] == "良好"
    assert grade.location == LOC


def test_labels_income_and_use():
    got = labels(XF_INCOME)
    assert ("预算资金收入", "203.85万元") in got
    assert ("人员经费", "118.15万元") in got and ("公用经费", "8.5万元") in got and ("项目支出", "77.2万元") in got
    assert ("预算资金实际使用", "260.63万元") in labels(XF_USE)


def test_labels_social_insurance():
    assert labels(XF_SOCIAL) == [
        ("社保基金预算支出", "30.23万元"), ("养老保险缴费支出", "13.46万"), ("医保缴费", "6.73万"), ("公积金", "10.1万元")]


def test_labels_counts_use_the_counted_noun():
    assert labels(XF_STAFF) == [("职工", "13人"), ("书记", "1名"), ("局长", "1名"), ("副局长", "2名"),
                                ("主任科员", "1名"), ("工作人员", "8名"), ("业务股室", "2个")]
    got = labels(XC_STAFF)
    assert got[0] == ("内设机构", "7个")
    assert ("行政编", "9人") in got and ("事业编", "6人") in got and ("退休", "2人") in got


def test_count_noun_stops_before_verb():
    text = "2、项目立项、资金申报的依据。以上5个项目支出根据区委区政府相关文件、会议纪要执行"
    assert labels(text) == [("项目支出", "5个")]


def test_labels_strip_ordinal_openers():
    got = labels(XF_OUTPUTS)
    assert got[0] == ("到市赴省进京初访下降", "50%")
    assert ("初信办结率", "100%") in got


def test_share_links_to_amount_and_base():
    sts = parse_text(XC_BASIC, LOC, 2020)
    share = next(s for s in sts if s.figure.text == "87.47%")
    assert share.base == "基本支出" and share.about is not None and share.about.label == "人员经费"
    base = next(s for s in sts if s.label == share.base)
    # the rate check this enables: 111.65 / 127.65 = 87.47%
    assert share.about.figure.value / base.figure.value * 100 == pytest.approx(87.47, abs=0.005)
    assert next(s for s in sts if s.figure.text == "12.53%").about.label == "公用经费"


def test_share_with_parenthesised_label():
    sts = parse_text(XC_SANGONG, LOC, 2020)
    assert sts[3].label == "因公出国(境)费"
    share = sts[5]
    assert (share.base, share.about.label) == ("年初预算", "实际三公经费支出")
    rate = next(s for s in sts if s.figure.text == "28.89%")
    assert rate.label == "结余率" and rate.about is None


@pytest.mark.parametrize(
    "text, grade",
    [("被评为“良好”等级", "良好"), ("评价等级为优秀", "优秀"), ("被评为\"优\"", "优"),
     ("自评结果为不合格", "不合格"), ("评定为良等级", "良")],
)
def test_grades(text, grade):
    assert [g.text for g in find_grades(text)] == [grade]


def test_no_grade_in_ordinary_words():
    assert find_grades("评为先进单位，中等偏上，合格率100%") == []


# --------------------------------------------------------------------------
# Enumerations
# --------------------------------------------------------------------------


def test_enumeration_splits_run_together_unit_names():
    (e,) = enumerations(XC_STAFF, LOC)
    assert e.count.value == 7 and e.noun == "内设机构"
    assert e.items == ["办公室", "新闻室", "理论宣教研究室", "意识形态指导股",
                       "文化文艺和电影股", "文明创建指导股", "出版和版权管理股"]
    assert e.location == LOC


def test_enumeration_keeps_names_containing_a_suffix():
    (e,) = enumerations(XF_PROJECTS, LOC)
    assert e.count.value == 5 and e.noun == "项目支出"
    assert e.items == ["接访专项", "复查复核办公室办案专项", "特殊疑难信访问题专项",
                       "驻京维稳劝返专项", "信访救助专项资金"]


def test_enumeration_reports_short_list():
    text = "内设机构4个，分别为办公室、新闻室、理论宣教研究室。"
    (e,) = enumerations(text)
    assert e.count.value == 4 and len(e.items) == 3


def test_no_enumeration_without_list():
    assert enumerations("下设2个业务股室。以上5个项目支出根据区委区政府相关文件执行。") == []
    # a list of figures is a part sum, not an enumeration
    assert enumerations(XF_STAFF) == []


# --------------------------------------------------------------------------
# Robustness
# --------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = "0123456789.,，、：；。（）()其中包括分别为共计总万元人名个%％分年度被评良好“”\n 经费支出占的"


@settings(max_examples=200)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_extractors_never_crash_and_spans_hold(text):
    for st in parse_text(text):
        f = st.figure
        assert text[f.span[0]:f.span[1]] == f.text
        assert all(k.parent is st for k in st.children)
    for e in enumerations(text):
        assert e.count.kind == "count" and len(e.items) >= 2


def test_enumeration_after_a_bracketed_qualifier_of_the_noun():
    (e,) = enumerations("我局内设4个股室（机构）：住房保障股、城市建设股、办公室、村镇建设股、建筑管理股。", LOC)
    assert e.count.text == "4个" and len(e.items) == 5
