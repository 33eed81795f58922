"""year.stale on the samples and on hand-built sentences."""
from __future__ import annotations

from pathlib import Path


from checks.context import CheckContext
from checks.rules.years import stale_years, year_refs
from jixiao.model import Document, Location, Paragraph

FIXTURES = Path(__file__).parent / "fixtures"


def _ctx(*texts: str) -> CheckContext:
    loc = Location(file="t.docx", attachment="附件3")
    blocks = [Paragraph("2020年度部门整体支出绩效评价报告", loc.at(paragraph=1))]
    blocks += [Paragraph(t, loc.at(paragraph=i + 2)) for i, t in enumerate(texts)]
    ctx = CheckContext(Document(path="t.docx", format="docx", blocks=blocks))
    assert ctx.year == 2020
    return ctx


def test_xinfang_budget_reply_of_2018(xinfang_ctx: CheckContext) -> None:
    found = list(stale_years(xinfang_ctx))
    assert len(found) == 1
    f = found[0]
    assert f.severity == "error" and "2018" in f.message and "2020" in f.message
    assert [e.location.attachment for e in f.evidence] == ["附件3", "附件5-2"]
    assert f.evidence[0].text == "区财政《关于2018年部门预算的批复》"


def test_xinfang_previous_year_assessment_and_filing_date_fine(xinfang_ctx: CheckContext) -> None:
    # "根据绩效办2019年…考核分数折算" (Y−1) and "填报日期：2021年6月23日" (Y+1) are normal.
    messages = " ".join(f.message for f in stale_years(xinfang_ctx))
    assert "2019" not in messages and "2021" not in messages


def test_xuanchuan_definition_anchored_to_2017(xuanchuan_ctx: CheckContext) -> None:
    found = list(stale_years(xuanchuan_ctx))
    f = next(f for f in found if "2017" in f.message)
    assert f.severity == "warning"
    assert all(e.location.table is not None for e in f.evidence)  # table cells
    assert any("2021年完工" in e.text for e in f.evidence)


def test_xuanchuan_assessment_of_2018(xuanchuan_ctx: CheckContext) -> None:
    f = next(f for f in stale_years(xuanchuan_ctx) if "2018" in f.message)
    assert f.severity == "warning"
    assert "绩效办2018年" in f.evidence[0].text


def test_old_budget_reply_without_current_one_is_warning() -> None:
    f, = stale_years(_ctx("依据县财政局《关于2019年部门预算的批复》执行。"))
    assert f.severity == "warning" and "2019" in f.message


def test_evaluated_year_in_narrative() -> None:
    f, = stale_years(_ctx("区信访局对2019年度部门整体支出进行了绩效自评。"))
    assert f.severity == "error"


def test_legitimate_years_not_flagged() -> None:
    ctx = _ctx(
        "2019年决算数为16.03万元，依据《关于2019年部门决算的批复》。",
        "根据湘财绩〔2018〕7号文件和《关于2020年部门预算的批复》执行。",
        "填报日期：2021年6月23日",
        "根据绩效办2019年对各部门重点工作考核分数折算。",
    )
    assert list(stale_years(ctx)) == []


def test_year_refs_kinds() -> None:
    refs = year_refs("该指标以2017年完工的新建楼堂馆所为评价内容。", Location())
    assert [(r.kind, r.year) for r in refs] == [("definition", 2017)]


# -- years by role: superseded rules and staff dated the year before ------------------------------

def test_superseded_national_rule_cited_after_its_replacement() -> None:
    from checks.rules.years import stale_years
    from ruletools import report_of_text

    r = report_of_text("根据《财政部关于印发<财政支出绩效评价管理暂行办法>的通知》（财预〔2011〕285号）开展自评。", year=2023)
    f, = stale_years(r)
    assert f.severity == "warning" and "财预〔2011〕285号" in f.message and "财预〔2020〕10号" in f.message
    assert list(stale_years(report_of_text("根据（财预〔2011〕285号）开展自评。", year=2018))) == []


def test_staff_counted_at_the_end_of_the_year_before() -> None:
    from checks.rules.years import stale_years
    from ruletools import report_of_text

    f, = stale_years(report_of_text("2022年我单位共有行政编制24个，2021年末实有在职人员60人，退休25人。", year=2022))
    assert "2021年末" in f.message and f.severity == "warning"
    # a comparison with the year before is legitimate
    assert list(stale_years(report_of_text("2022年末实有在职人员60人，比2021年末实有在职人员增加2人。", year=2022))) == []


def test_year_roles_are_built_from_the_lexicon_words() -> None:
    """The evaluated year, definitions and assessments are recognised through lexicon.toml [years]."""
    from checks.rules.years import year_refs
    from extract.understand.lexicon import load_lexicon
    from jixiao.model import Location

    words = load_lexicon().year_words
    assert "专项资金" in words("evaluated_objects") and "为评价内容" in words("definition_after")
    refs = year_refs("我局对2020年度专项资金使用情况开展了绩效评价。", Location())
    assert [(r.kind, r.year) for r in refs] == [("evaluated", 2020)]
    assert [(r.kind, r.year) for r in year_refs("该指标以2017年新建的办公用房为评价对象。", Location())] == [("definition", 2017)]
    assert year_refs("2020年12月31日，资金执行率为100%。", Location()) == []
