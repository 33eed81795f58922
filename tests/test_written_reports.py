"""Reports written independently of the generator (tests/data/*.txt): each consistent as written raises
nothing, and one changed figure is found by the rule named.

juesuan_explanation — a 部门决算 情况说明; ziping_report — a 部门整体支出绩效自评报告; xiangmu_report — a
项目支出绩效自评报告; phrasings — sentences written the many ways reports write them.
"""
from __future__ import annotations

import pytest

from ruletools import data_text, text_alarms

REPORTS = ("juesuan_explanation", "ziping_report", "xiangmu_report", "phrasings")


def alarms(text: str):
    return text_alarms(*text.splitlines(), year=2022)


@pytest.mark.parametrize("name", REPORTS)
def test_the_consistent_report_raises_nothing(name: str) -> None:
    # "投入指标得分18分（满分20分）" (ziping_report): the bracketed 满分 goes with the score, it is no part of it.
    assert alarms(data_text(name)) == []


@pytest.mark.parametrize("name, old, new, rule, token", [
    ("juesuan_explanation", "占74.07%", "占75.07%", "rate.mismatch", "75.07%"),  # share of a total in the same sentence
    ("juesuan_explanation", "占96.43%", "占95.43%", "rate.mismatch", "95.43%"),
    ("juesuan_explanation", "项目支出500.00万元，占33.33%", "项目支出520.00万元，占33.33%", "sum.mismatch", "520.00"),
    ("juesuan_explanation", "公务接待费支出决算为2.00万元", "公务接待费支出决算为3.00万元", "sum.mismatch", "3.00"),
    ("juesuan_explanation", "政府采购服务支出30.00万元", "政府采购服务支出35.00万元", "sum.mismatch", "35.00"),
    ("juesuan_explanation", "共有车辆2辆", "共有车辆3辆", "sum.mismatch", "3辆"),
    ("juesuan_explanation", "年末结转和结余23.26万元", "年末结转和结余25.26万元", "sum.mismatch", "25.26"),  # 收支总计 balance
    ("juesuan_explanation", "占本年支出合计的90.00%", "占本年支出合计的92.00%", "rate.mismatch", "92.00%"),  # base in another section
    ("juesuan_explanation", "增长8.00%", "增长9.00%", "rate.mismatch", "9.00%"),  # rate of change, level in the sentence before
    ("juesuan_explanation", "降低4.76%", "降低5.76%", "rate.mismatch", "5.76%"),  # rate of change, level in the sentence
    ("juesuan_explanation", "增长8.59%", "增长9.59%", "rate.mismatch", "9.59%"),
    ("juesuan_explanation", "增长7.69%", "增长6.69%", "rate.mismatch", "6.69%"),
    ("ziping_report", "内设机构6个", "内设机构7个", "count.mismatch", "7个"),
    ("ziping_report", "事业编制25人", "事业编制26人", "sum.mismatch", "26人"),
    ("ziping_report", "事业人员24人", "事业人员25人", "sum.mismatch", "25人"),
    ("ziping_report", "项目支出900.20万元", "项目支出910.20万元", "sum.mismatch", "910.20"),
    ("ziping_report", "公务接待费3.20万元", "公务接待费3.40万元", "sum.mismatch", "3.40"),
    ("ziping_report", "下降14.29%", "下降15.29%", "rate.mismatch", "15.29%"),
    ("ziping_report", "减少1.60万元", "减少1.80万元", "rate.mismatch", "1.80"),
    ("ziping_report", "产出指标得分28分", "产出指标得分29分", "sum.mismatch", "29分"),
    ("ziping_report", "投入指标得分18分", "投入指标得分21分", "sum.mismatch", "21分"),
    ("ziping_report", "等级为“优”", "等级为“良”", "score.grade_mismatch", "“良”"),
    ("ziping_report", "其他收入50.00万元", "其他收入60.00万元", "sum.mismatch", "60.00"),
    # "基本支出中，人员经费…，公用经费…": parts of the 基本支出 stated in the sentence before.
    ("ziping_report", "公用经费84.50万元", "公用经费85.50万元", "sum.mismatch", "85.50"),
    ("ziping_report", "公用经费84.50万元", "公用经费83.50万元", "sum.mismatch", "83.50"),
    # "“三公”经费控制率为80.00%。" alone: its figures are in the sentence before.
    ("ziping_report", "控制率为80.00%", "控制率为85.00%", "rate.mismatch", "85.00%"),
    # 年初预算 + 追加 = 调整后预算.
    ("ziping_report", "调整后预算数为2000.50万元", "调整后预算数为2010.50万元", "sum.mismatch", "2010.50"),
    ("xiangmu_report", "县级配套资金600.00万元。项目计划", "县级配套资金650.00万元。项目计划", "sum.mismatch", "650.00"),
    ("xiangmu_report", "监理费80.00万元", "监理费90.00万元", "sum.mismatch", "90.00"),
    ("xiangmu_report", "到位3000.00万元，到位率100%", "到位2900.00万元，到位率100%", "sum.mismatch", "2900.00"),
    ("xiangmu_report", "得分为95分，评价等级为“优”", "得分为85分，评价等级为“优”", "score.grade_mismatch", "85分"),
    # 执行率 with the project's one budget (总投资) stated in another section: a warning.
    ("xiangmu_report", "预算执行率95.00%", "预算执行率96.00%", "rate.mismatch", "96.00%"),
    ("phrasings", "增长10.01%", "增长11.01%", "rate.mismatch", "11.01%"),  # 较上年同期1800.00万元增加180.25万元
    ("phrasings", "增长9.98%", "增长10.98%", "rate.mismatch", "10.98%"),  # 与年初预算1800.50万元相比增加179.75万元
    ("phrasings", "家具用具100.00万元", "家具用具110.00万元", "sum.mismatch", "110.00"),
    ("phrasings", "安全培训2期", "安全培训3期", "sum.mismatch", "3期"),
])
def test_one_changed_figure_is_found(name: str, old: str, new: str, rule: str, token: str) -> None:
    text = data_text(name)
    assert text.count(old) == 1
    found = alarms(text.replace(old, new))
    assert rule in [f.rule for f in found if token in f.message], [f.message for f in found]
