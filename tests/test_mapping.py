"""Header/label mapping against the catalog: aliases, spelling variants, nonsense, real fixtures."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.understand.catalog import load_catalog, parse_catalog
from extract.understand.classify import LEVELS, classify_table
from extract.read.docx import read_docx
from extract.understand.mapping import map_header, normalise_header, split_weight, split_year
from extract.understand.structure import segment

FIXTURES = Path(__file__).parent / "fixtures"

# (spelling, indicator id): every name and alias of the shared domain
# indicators.toml, written out so the test does not read /work/shared.
SHARED_ALIASES = [
    ('在职人员控制率', "staff_control_rate"),
    ('财政供养人员控制率', "staff_control_rate"),
    ('“三公经费”变动率', "sangong_change_rate"),
    ('三公经费变动率', "sangong_change_rate"),
    ('“三公”经费变动率', "sangong_change_rate"),
    ('"三公经费"变动率', "sangong_change_rate"),
    ('"三公"经费变动率', "sangong_change_rate"),
    ('在公经费变动率', "sangong_change_rate"),
    ('重点支出安排率', "key_expenditure_rate"),
    ('预算完成率', "budget_completion_rate"),
    ('预算执行率', "budget_completion_rate"),
    ('执行率', "budget_completion_rate"),
    ('一般公共预算支出实际完成率', "budget_completion_rate"),
    ('预算调整率', "budget_adjustment_rate"),
    ('预算控制率', "budget_adjustment_rate"),
    ('支出预算调整率', "budget_adjustment_rate"),
    ('支付进度率', "payment_progress_rate"),
    ('支付进度', "payment_progress_rate"),
    ('结转结余率', "carryover_balance_rate"),
    ('资金结余', "carryover_balance_rate"),
    ('结余率', "carryover_balance_rate"),
    ('结转结余情况', "carryover_balance_rate"),
    ('结转结余变动率', "carryover_balance_change_rate"),
    ('公用经费控制率', "public_expense_control_rate"),
    ('“三公经费”控制率', "sangong_control_rate"),
    ('三公经费控制率', "sangong_control_rate"),
    ('“三公”经费控制率', "sangong_control_rate"),
    ('"三公经费"控制率', "sangong_control_rate"),
    ('"三公"经费控制率', "sangong_control_rate"),
    ('政府采购执行率', "gov_procurement_execution_rate"),
    ('管理制度健全性', "mgmt_system_soundness"),
    ('资金使用合规性', "funds_use_compliance"),
    ('资金使用', "funds_use_compliance"),
    ('预决算信息公开性', "budget_final_disclosure"),
    ('预决算信息公开性和完善性', "budget_final_disclosure"),
    ('信息公开', "budget_final_disclosure"),
    ('基础信息完善性', "basic_info_completeness"),
    ('基础信息完善', "basic_info_completeness"),
    ('资产管理安全性', "asset_mgmt_security"),
    ('资产管理安全', "asset_mgmt_security"),
    ('固定资产利用率', "fixed_asset_utilization_rate"),
    ('新建楼堂馆所面积控制率', "building_area_control_rate"),
    ('楼堂馆所面积控制率', "building_area_control_rate"),
    ('楼堂馆所控制率', "building_area_control_rate"),
    ('规模控制率', "building_area_control_rate"),
    ('新建楼堂馆所投资概算控制率', "building_investment_control_rate"),
    ('投资概算控制率', "building_investment_control_rate"),
    ('楼堂馆所投资预算控制率', "building_investment_control_rate"),
    ('公务招待费变动率', "hospitality_change_rate"),
    ('公务接待费变动率', "hospitality_change_rate"),
    ('公务用车购置运行费变动率', "vehicle_cost_change_rate"),
    ('“三公经费”管理', "sangong_management"),
    ('三公经费管理', "sangong_management"),
    ('"三公经费"管理', "sangong_management"),
    ('绩效目标合理性', "target_reasonableness"),
    ('绩效指标明确性', "indicator_clarity"),
    ('项目立项规范性', "project_initiation_compliance"),
    ('立项程序规范性', "project_initiation_compliance"),
    ('立项依据充分性', "basis_sufficiency"),
    ('依据的充分性', "basis_sufficiency"),
    ('预算编制科学性', "budget_compilation_scientificity"),
    ('预算编制', "budget_compilation_scientificity"),
    ('测算依据', "budget_compilation_scientificity"),
    ('资金分配合理性', "funds_allocation_reasonableness"),
    ('资金分配', "funds_allocation_reasonableness"),
    ('资金到位率', "funds_in_place_rate"),
    ('财政资金到位率', "funds_in_place_rate"),
    ('配套资金到位率', "funds_in_place_rate"),
    ('到位及时率', "funds_timeliness_rate"),
    ('资金到位及时', "funds_timeliness_rate"),
    ('预算执行率', "budget_execution_rate"),
    ('执行率', "budget_execution_rate"),
    ('项目预算执行率', "budget_execution_rate"),
    ('预算执行情况', "budget_execution_rate"),
    ('预算完成率', "budget_execution_rate"),
    ('项目质量可控性', "quality_controllability"),
    ('财务监控有效性', "financial_monitoring_effectiveness"),
    ('实际完成率', "actual_completion_rate"),
    ('完成数量', "actual_completion_rate"),
    ('项目完成工作量', "actual_completion_rate"),
    ('建设内容完成量', "actual_completion_rate"),
    ('完成及时率', "completion_timeliness"),
    ('完成及时性', "completion_timeliness"),
    ('完成提前率', "completion_timeliness"),
    ('完成时效', "completion_timeliness"),
    ('项目完成进度', "completion_timeliness"),
    ('按时完成率', "completion_timeliness"),
    ('质量达标率', "quality_compliance_rate"),
    ('完成质量', "quality_compliance_rate"),
    ('成本节约率', "cost_saving_rate"),
    ('完成成本', "cost_saving_rate"),
    ('重点工作办结率', "key_work_completion_rate"),
    ('重点工作实际完成率', "key_work_completion_rate"),
    ('行政效能', "administrative_efficiency"),
    ('经济效益', "economic_benefit"),
    ('经济效益指标', "economic_benefit"),
    ('社会效益', "social_benefit"),
    ('社会效益指标', "social_benefit"),
    ('生态效益', "ecological_benefit"),
    ('生态效益指标', "ecological_benefit"),
    ('可持续影响', "sustainable_impact"),
    ('可持续影响指标', "sustainable_impact"),
    ('可持续效益', "sustainable_impact"),
    ('社会公众或服务对象满意度', "satisfaction"),
    ('服务对象满意度', "satisfaction"),
    ('服务对象满意度指标', "satisfaction"),
    ('满意度指标', "satisfaction"),
    ('满意度', "satisfaction"),
    ('群众满意度', "satisfaction"),
    ('公众满意度', "satisfaction"),
    ('社会公众满意度', "satisfaction"),
]

# Pairs the domain file itself declares ambiguous (ambiguous_with).
DECLARED_AMBIGUOUS = {"budget_completion_rate", "budget_execution_rate"}


@pytest.mark.parametrize("spelling,entry_id", SHARED_ALIASES)
def test_shared_alias_maps_to_its_indicator(spelling: str, entry_id: str) -> None:
    m = map_header(spelling, kinds=("indicator",))
    if entry_id in DECLARED_AMBIGUOUS and m.entry_id != entry_id:
        assert m.ambiguous
        assert entry_id in {a.entry_id for a in m.alternatives}
    else:
        assert m.entry_id == entry_id, (spelling, m)
        assert m.score == 100.0


def test_every_catalog_spelling_maps_back_to_its_entry() -> None:
    catalog = load_catalog()
    for entry in catalog.entries.values():
        for spelling in entry.spellings:
            m = map_header(spelling, kinds=(entry.kind,))
            ids = {m.entry_id} | {a.entry_id for a in m.alternatives}
            assert entry.id in ids, (entry.kind, entry.id, spelling, m)
            if m.entry_id != entry.id:
                assert m.ambiguous, (entry.id, spelling, m)


@pytest.mark.parametrize(
    "text,kind,entry_id",
    [
        ('"三公经费"变动率', "indicator", "sangong_change_rate"),
        ("“三公”经费变动率", "indicator", "sangong_change_rate"),
        ("三公经费变动 率", "indicator", "sangong_change_rate"),
        ("「三公经费」变动率", "indicator", "sangong_change_rate"),
        ("“三公经费”\n变动率 （2分）", "indicator", "sangong_change_rate"),
        ("在职人员\n控制率 （2分）", "indicator", "staff_control_rate"),
        ("预决算信\n息公开性（2分）", "indicator", "budget_final_disclosure"),
        ("社会公众\n或服务对\n象满意度（5分）", "indicator", "satisfaction"),
        ("预算支出决策（项目立项）依据\n充分性 （2分）", "indicator", "basis_sufficiency"),
        ("楼堂馆所面积控制率", "indicator", "building_area_control_rate"),
        ("新建楼堂馆所面积控制率", "indicator", "building_area_control_rate"),
        ("分值", "measure", "weight"),
        ("权重", "measure", "weight"),
        ("自评分", "measure", "score"),
        ("自评得分", "measure", "score"),
        ("评分及标准", "measure", "rule"),
        ("评价标准", "measure", "rule"),
        ("指标说明", "measure", "description"),
        ("指标解释", "measure", "definition"),
        ("年初预算数", "measure", "budget_initial"),
        ("调整后预算数", "measure", "budget_full"),
        ("全年执行数", "measure", "executed"),
        ("年度\n指标值", "measure", "target"),
        ("实际\n完成值", "measure", "actual"),
        ("偏差原因\n分析及\n改进措施", "measure", "deviation_reason"),
        ("三级\n指标", "measure", "level3"),
        ("一级", "measure", "level1"),
        ("编制数", "measure", "staffing_quota"),
        ("批复规模\n（㎡）", "measure", "approved_area"),
        ("1、公务用车购置和维护经费", "item", "vehicle"),
        ("其中：公车购置", "item", "vehicle_purchase"),
        ("   3、公务接待", "item", "hospitality"),
        ("项目支出：", "item", "project_spending"),
        ("其中：当年财政拨款　", "item", "fund_fiscal"),
        ("水费、电费、差旅费", "item", "utilities_travel"),
    ],
)
def test_header_variants(text: str, kind: str, entry_id: str) -> None:
    m = map_header(text, kinds=(kind,))  # type: ignore[arg-type]
    assert (m.kind, m.entry_id) == (kind, entry_id), m


@pytest.mark.parametrize(
    "text",
    ["说明", "… …", "……", "填表人", "填表人：曾文君", "主管部门", "单位名称", "实施\n单位", "100", "10.5", "", "   ",
     "居民群众幸福生活", "登记办理群众来信、来访数量", "维护社会稳定，完成各项任务90%"],
)
def test_nonsense_does_not_map(text: str) -> None:
    m = map_header(text, kinds=("indicator", "measure", "item", "category"))
    assert not m.mapped, m


@pytest.mark.parametrize("text", ["预算执行", "资产管理（6分）", "预算\n执行 （26分）", "履职效益"])
def test_category_labels_are_not_indicators(text: str) -> None:
    assert not map_header(text, kinds=("indicator",)).mapped
    assert map_header(text, kinds=("category",)).kind == "category"


def test_near_miss_below_threshold_is_unmapped_but_reports_candidates() -> None:
    # 预算调整率 vs 预算执行率 differ in two characters: 80 points, under 85.
    m = map_header("预算调节率", kinds=("indicator",))
    assert not m.mapped
    assert m.alternatives and m.alternatives[0].entry_id == "budget_adjustment_rate"
    assert map_header("预算调节率", kinds=("indicator",), threshold=75).entry_id == "budget_adjustment_rate"


def test_fuzzy_match_tolerates_a_typo() -> None:
    m = map_header("资金使用合归性", kinds=("indicator",))
    assert m.entry_id == "funds_use_compliance" and m.score < 100


def test_ambiguity_is_reported_and_framework_settles_it() -> None:
    m = map_header("预算执行率", kinds=("indicator",))
    assert m.ambiguous
    assert {m.entry_id, *(a.entry_id for a in m.alternatives)} == {"budget_execution_rate", "budget_completion_rate"}
    assert map_header("预算执行率", kinds=("indicator",), framework="dept").entry_id == "budget_completion_rate"
    assert not map_header("预算执行率", kinds=("indicator",), framework="dept").ambiguous
    assert map_header("预算执行率", kinds=("indicator",), framework="proj2020").entry_id == "budget_execution_rate"


def test_year_templated_measures() -> None:
    m = map_header("2019年决算数", kinds=("measure",))
    assert (m.entry_id, m.year) == ("final", 2019)
    assert map_header("2019年决算数", kinds=("measure",), year=2020).entry_id == "final_prev"
    assert map_header("2020年决算数", kinds=("measure",), year=2020).entry_id == "final_cur"
    assert map_header("2020年预算数", kinds=("measure",), year=2020).entry_id == "budget_cur"
    assert map_header("2017年决算数", kinds=("measure",), year=2020).entry_id == "final"
    m = map_header("2021年实际在职人数", kinds=("measure",))
    assert (m.entry_id, m.year) == ("staff_actual", 2021)
    assert map_header("上年决算数", kinds=("measure",)).entry_id == "final_prev"
    # A year prefix only counts for measures that take one.
    assert not map_header("2020年分值", kinds=("measure",)).mapped


@pytest.mark.parametrize(
    "text,name,weight",
    [
        ("投   入 （20分）", "投入", 20.0),
        ("产出\n指标\n(50分)", "产出指标", 50.0),
        ("决\n策 （10）", "决策", 10.0),
        ("预算支出决策\n（项目立项）（4）", "预算支出决策(项目立项)", 4.0),
        ("实施效益（20分）", "实施效益", 20.0),
        ("经济效益（2.5分）", "经济效益", 2.5),
        ("预算配置", "预算配置", None),
        ("（一）预算执行", "预算执行", None),
    ],
)
def test_split_weight(text: str, name: str, weight: float | None) -> None:
    assert split_weight(text) == (name, weight)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("“三公经费”\n变动率", "三公经费变动率"),
        ("在职人员控制率≦100%", "在职人员控制率≤100%"),
        ("其中：办公经费", "办公经费"),
        ("1、业务工作专项", "业务工作专项"),
        ("２０１９年决算数", "2019年决算数"),
        ("整体资金\n（万元）", "整体资金"),
        ("… …", ""),
        ("一级指标", "一级指标"),
        ("10.5", "10.5"),
    ],
)
def test_normalise_header(text: str, expected: str) -> None:
    assert normalise_header(text) == expected


def test_split_year() -> None:
    assert split_year("2019年决算数") == ("决算数", 2019)
    assert split_year("决算数") == ("决算数", None)


def test_weight_returned_with_mapping() -> None:
    m = map_header("绩效目标\n合理性 （6分）", kinds=("indicator",))
    assert (m.entry_id, m.weight) == ("target_reasonableness", 6.0)


def test_catalog_relations() -> None:
    cat = load_catalog()
    assert [e.id for e in cat.children("sangong")] == ["vehicle", "overseas", "hospitality"]
    assert cat.get("item", "sangong").composition == "sum"
    assert [e.id for e in cat.children("vehicle")] == ["vehicle_purchase", "vehicle_running"]
    assert [e.id for e in cat.children("fund_total")] == ["fund_fiscal", "fund_carryover", "fund_other"]
    assert cat.get("item", "public_funds").composition == "part"
    assert set(cat.get("item", "public_funds").components) == {"office", "utilities_travel", "meetings_training"}
    assert cat.get("indicator", "staff_control_rate").category["dept_level1"] == "投入"


def test_catalog_rejects_dangling_reference() -> None:
    with pytest.raises(ValueError, match="unknown"):
        parse_catalog('[items.a]\nname = "甲"\ncomponents = ["b"]\n')


def test_alias_is_a_one_line_change() -> None:
    text = '[indicators.x]\nname = "某某率"\naliases = ["某率"]\n'
    m = map_header("某率", kinds=("indicator",), catalog=parse_catalog(text))
    assert m.entry_id == "x"


# --- real fixtures ------------------------------------------------------------

def _indicator_rows(path: Path, table_index: int) -> list[tuple[int, str]]:
    """Per body row: the first level-column cell that maps to an indicator.

    Taking the first mapped cell of the row rather than the level-3 column
    tolerates rows the reader shifted left at a page break.
    """
    doc = segment(read_docx(str(path)))
    table = doc.tables[table_index]
    tc = classify_table(table)
    assert tc.kind == "indicator_scores"
    out: list[tuple[int, str]] = []
    for block in tc.blocks:
        cols = sorted(c for c, r in block.columns.items() if r.measure in LEVELS)
        for r in range(*block.body):
            for c in range(min(cols), max(cols) + 1):
                cell = table.grid[r][c]
                if cell.origin is not None and cell.origin[0] != r:
                    continue
                m = map_header(cell.text, kinds=("indicator",), framework=tc.framework)
                if m.mapped and not m.ambiguous:
                    out.append((r, m.entry_id))  # type: ignore[arg-type]
                    break
    return out


XUANCHUAN_DEPT = [
    "staff_control_rate", "sangong_change_rate", "budget_completion_rate", "budget_adjustment_rate",
    "building_area_control_rate", "building_investment_control_rate", "public_expense_control_rate",
    "sangong_control_rate", "gov_procurement_execution_rate", "mgmt_system_soundness", "funds_use_compliance",
    "budget_final_disclosure", "key_work_completion_rate", "economic_benefit", "social_benefit",
    "administrative_efficiency", "satisfaction",
]
XUANCHUAN_PROJECT = [
    "project_initiation_compliance", "target_reasonableness", "indicator_clarity", "funds_in_place_rate",
    "funds_timeliness_rate", "mgmt_system_soundness", "system_execution_effectiveness",
    "quality_controllability", "mgmt_system_soundness", "funds_use_compliance",
    "financial_monitoring_effectiveness", "actual_completion_rate", "completion_timeliness",
    "quality_compliance_rate", "cost_saving_rate", "economic_benefit", "social_benefit", "ecological_benefit",
    "sustainable_impact", "satisfaction",
]
XINFANG_DEPT = [
    "target_reasonableness", "indicator_clarity", "staff_control_rate", "sangong_change_rate",
    "key_expenditure_rate", "budget_completion_rate", "budget_adjustment_rate", "payment_progress_rate",
    "carryover_balance_rate", "carryover_balance_change_rate", "public_expense_control_rate",
    "sangong_control_rate", "gov_procurement_execution_rate", "mgmt_system_soundness", "funds_use_compliance",
    "budget_final_disclosure", "basic_info_completeness", "mgmt_system_soundness", "asset_mgmt_security",
    "fixed_asset_utilization_rate", "actual_completion_rate", "completion_timeliness", "quality_compliance_rate",
    "key_work_completion_rate", "economic_benefit", "social_benefit", "ecological_benefit", "satisfaction",
]
XINFANG_PROJECT = [
    "basis_sufficiency", "project_initiation_compliance", "target_reasonableness", "indicator_clarity",
    "budget_compilation_scientificity", "funds_allocation_reasonableness", "funds_in_place_rate",
    "budget_execution_rate", "funds_use_compliance", "mgmt_system_soundness", "system_execution_effectiveness",
    "actual_completion_rate", "quality_compliance_rate", "completion_timeliness", "cost_saving_rate",
    "implementation_benefit", "satisfaction",
]


@pytest.mark.parametrize(
    "fixture,table_index,expected",
    [
        ("xuanchuan-2021.docx", 0, XUANCHUAN_DEPT),
        ("xuanchuan-2021.docx", 2, XUANCHUAN_PROJECT),
        ("xinfang-2020.docx", 0, XINFANG_DEPT),
        ("xinfang-2020.docx", 2, XINFANG_PROJECT),
    ],
)
def test_fixture_indicator_rows_map(fixture: str, table_index: int, expected: list[str]) -> None:
    got = [entry for _, entry in _indicator_rows(FIXTURES / fixture, table_index)]
    assert got == expected


SELF_EVAL_LEVEL2 = [
    ("category", "quantity_indicators"), ("category", "quality_indicators"), ("category", "timeliness_indicators"),
    ("category", "cost_indicators"), ("category", "economic_benefit_indicators"), ("category", "social_benefit_indicators"),
    ("category", "ecological_benefit_indicators"), ("category", "sustainable_impact_indicators"),
    ("category", "client_satisfaction_indicators"),
]


@pytest.mark.parametrize("table_index", [3, 4, 8])
def test_fixture_self_eval_level2_and_funds_rows_map(table_index: int) -> None:
    table = segment(read_docx(str(FIXTURES / "xinfang-2020.docx"))).tables[table_index]
    tc = classify_table(table)
    funds, _, indicators = tc.blocks
    labels = [map_header(table.text(r, funds.label_col), kinds=("item",)).entry_id for r in range(*funds.body)]  # type: ignore[arg-type]
    assert labels == ["fund_total", "fund_fiscal", "fund_carryover", "fund_other"]
    col2 = indicators.col_of("level2")
    got = []
    for r in range(*indicators.body):
        cell = table.grid[r][col2]  # type: ignore[index]
        if cell.origin is not None and cell.origin[0] != r:
            continue
        m = map_header(cell.text, kinds=("category", "indicator"), framework=tc.framework)
        if m.mapped:
            got.append(m.key)
    assert got == SELF_EVAL_LEVEL2


@pytest.mark.parametrize("fixture", ["xuanchuan-2021.docx", "xinfang-2020.docx"])
def test_fixture_basic_data_items_map(fixture: str) -> None:
    table = segment(read_docx(str(FIXTURES / fixture))).tables[1]
    tc = classify_table(table)
    funds = tc.blocks[1]
    got = [map_header(table.text(r, 0), kinds=("item",)).entry_id for r in range(*funds.body)]
    got = [g for g in got if g]
    assert got[:16] == [
        "sangong", "vehicle", "vehicle_purchase", "vehicle_running", "overseas", "hospitality",
        "project_spending", "business_special", "operation_special", "public_funds", "office",
        "utilities_travel", "meetings_training", "procurement", "budget_adjustment",
    ][: len(got[:16])]
    assert len(got) >= 15
