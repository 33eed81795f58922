"""identity.mismatch on the samples and on hand-built sentences."""
from __future__ import annotations

from pathlib import Path


from checks.context import CheckContext
from checks.rules.identity import _levels as level_mismatch, _places as place_mismatch, _self_references as self_reference_mismatch, level_and_core, self_references
from jixiao.model import Document, Location, Paragraph

FIXTURES = Path(__file__).parent / "fixtures"


def _ctx(unit_line: str, *texts: str) -> CheckContext:
    loc = Location(file="t.docx", attachment="附件3")
    blocks = [Paragraph(unit_line, loc.at(paragraph=1))]
    blocks += [Paragraph(t, loc.at(paragraph=i + 2)) for i, t in enumerate(texts)]
    return CheckContext(Document(path="t.docx", format="docx", blocks=blocks))


def test_xuanchuan_foreign_self_references(xuanchuan_ctx: CheckContext) -> None:
    found = list(self_reference_mismatch(xuanchuan_ctx))
    tokens = {t for f in found for t in ("我办", "我会", "我馆") if f"“{t}”" in f.message}
    assert tokens == {"我办", "我会", "我馆"}
    guan = next(f for f in found if "我馆" in f.message)
    assert guan.severity == "error"
    assert any("通过前述对我馆整体支出情况的分析" in e.text for e in guan.evidence)
    assert all(e.location.attachment for e in guan.evidence)


def test_xuanchuan_has_no_level_finding(xuanchuan_ctx: CheckContext) -> None:
    assert list(level_mismatch(xuanchuan_ctx)) == []


def test_xinfang_city_level_named(xinfang_ctx: CheckContext) -> None:
    found = list(level_mismatch(xinfang_ctx))
    assert len(found) == 1
    f = found[0]
    assert "市信访局" in f.message and f.severity == "error"
    assert f.evidence[0].location.attachment == "附件5-2"
    assert "认定市信访局绩效目标的设置" in f.evidence[0].text


def test_xinfang_self_references_fit(xinfang_ctx: CheckContext) -> None:
    # 我局 throughout a 局's report; 全区/我们 are not self-references.
    assert list(self_reference_mismatch(xinfang_ctx)) == []


def test_legitimate_higher_body_mentions_not_flagged() -> None:
    ctx = _ctx(
        "填报单位：区信访局",
        "根据《怀化市信访局调拨资金审批流程》执行。",
        "根据湖南省怀化市信访局要求，做好鹤城区户籍人口进京上访人员工作。",
        "按照市信访局要求开展接访。",
        "鹤城区信访局2020年度预算资金收入合计203.85万元。",
    )
    assert list(level_mismatch(ctx)) == []


def test_generic_and_jurisdiction_words_ignored() -> None:
    ctx = _ctx("填报单位：区信访局", "我单位、本单位和本部门严格执行本办法，助推我县、我区经济发展，我部门无其他支出。")
    assert list(self_reference_mismatch(ctx)) == []


def test_accounting_firm_is_only_info() -> None:
    ctx = _ctx("填报单位：区信访局", "我所接受委托，对该单位进行了评价。")
    found = list(self_reference_mismatch(ctx))
    assert [f.severity for f in found] == ["info"]


def test_self_references_skip_other_words() -> None:
    assert [t for t, _ in self_references("本办法所称我部门、本会计年度、我所在的")] == []
    assert [t for t, _ in self_references("2021年我办基本支出")] == ["我办"]
    # 校对 is a word, but before a year it is 我校 + 对.
    assert [t for t, _ in self_references("请我校对文稿")] == []
    assert [t for t, _ in self_references("要求，我校对2019年度补助资金使用情况开展了绩效自评")] == ["我校"]


def test_level_and_core() -> None:
    assert level_and_core("区信访局") == ("区", "信访局")
    assert level_and_core("中共麻阳苗族县委宣传部") == ("县", "委宣传部")
    assert level_and_core("信访局") is None


def test_higher_body_as_funder_is_at_most_info() -> None:
    ctx = _ctx("填报单位：县财政局", "省财政局拨付的专项资金已全部到位。", "市财政局的专项检查组来县检查资金使用。")
    assert {f.severity for f in level_mismatch(ctx)} <= {"info"}


def test_own_work_under_other_level_is_error() -> None:
    f, = level_mismatch(_ctx("填报单位：县财政局", "市财政局2020年度预算执行率达到98%，本单位将进一步加强管理。"))
    assert f.severity == "error" and "市财政局" in f.message


# -- another place of the same level as the subject --------------------------------------------

def test_same_level_town_as_subject_is_flagged() -> None:
    ctx = _ctx("某县西河镇人民政府2023年度绩效自评报告",
               "某县西河镇人民政府2023年度下达上级资金120万元。",
               "某县东岭镇人民政府2023年度下达上级资金120万元，用于道路建设。")
    f, = place_mismatch(ctx)
    assert f.severity == "error" and "东岭镇" in f.message and "西河镇" in f.message


def test_partner_superior_and_served_places_are_not_flagged() -> None:
    ctx = _ctx("某县西河镇人民政府2023年度绩效自评报告",
               "某县西河镇人民政府2023年度下达上级资金120万元。",
               "与东岭镇协作开展河道治理。",  # a partner, not the subject
               "某县财政局2023年度下达资金的通知已执行。",  # a superior body of the county level
               "资金用于东岭镇村道硬化。")  # a place served
    assert list(place_mismatch(ctx)) == []


def test_place_grammar_reads_chains_and_leaves_words_alone() -> None:
    from extract.understand.identity import place_chain

    assert place_chain("金寨县麻埠镇人民政府") == ([("县", "金寨县"), ("镇", "麻埠镇")], "人民政府")
    assert place_chain("乐亭县市场监督管理局") == ([("县", "乐亭县")], "市场监督管理局")
    assert place_chain("南县住房和城乡建设局") == ([("县", "南县")], "住房和城乡建设局")
    assert place_chain("红河哈尼族彝族自治州人民代表大会常务委员会办公室")[0] == [("州", "红河哈尼族彝族自治州")]
    assert place_chain("市信访局") == ([], "市信访局")
    # 农村 and 城乡 are words, not a village or a township.
    assert place_chain("甲乙县农业农村局") == ([("县", "甲乙县")], "农业农村局")
    assert place_chain("甲乙县城乡居民服务中心")[0] == [("县", "甲乙县")]


def test_another_county_described_as_the_subject_of_the_units_own_status() -> None:
    ctx = _ctx("甲乙县农业农村局2024年度部门决算情况说明",
               "甲乙县农业农村局2024年度支出合计100万元。",
               "丙丁县农业农村局是甲乙县人民政府所属行政单位，实行独立核算。")
    f, = place_mismatch(ctx)
    assert "丙丁县" in f.message and "甲乙县" in f.message


def test_a_subject_whose_name_holds_a_suffix_character_inside() -> None:
    """"…人力资源和社会保障局": 社会 ends in 会, yet the name runs on to 局."""
    ctx = _ctx("甲乙县人力资源和社会保障局2020年度就业补助资金绩效自评报告",
               "根据《甲乙县财政局关于开展2020年度绩效自评工作的通知》要求，我局开展了绩效自评。",
               "丙丁县人力资源和社会保障局2020年度就业补助资金项目实施情况：部分项目尚未完工。")
    (f,) = place_mismatch(ctx)
    assert "丙丁县" in f.message and "根据" not in f.message
