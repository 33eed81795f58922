"""The statement parser on small sentences: one mechanism per test (issue: statements).

Each test builds the text in code and reads back the calculation tree: which
figure is whose part, whether a list names all parts, and what each figure is
(role, period, scope).
"""
from __future__ import annotations

from extract.understand.statements import narrative_statements, parse_text
from jixiao.model import Location, Paragraph, Statement


def roots(text: str, year: int | None = 2023) -> list[Statement]:
    return [s for s in parse_text(text, year=year) if s.parent is None and s.figure.kind != "percent"]


def tree(st: Statement) -> tuple:
    """(figure text, [children trees]) for compact assertions."""
    return (st.figure.text, [tree(c) for c in st.children]) if st.children else st.figure.text


def test_nested_brackets_under_qizhong() -> None:
    (total,) = roots("支出合计2268.08万元，其中基本支出1474.25万元（人员经费1238.37万元、公用经费235.88万元），项目支出793.83万元。")
    assert tree(total) == ("2268.08万元", [("1474.25万元", ["1238.37万元", "235.88万元"]), "793.83万元"])
    assert total.total and total.children[0].label == "基本支出"


def test_two_levels_of_qizhong_across_sentences_and_numbering() -> None:
    text = ("2021年基本支出为127.65万元，其中：1、人员经费111.65万元，占基本支出的87.47%，主要包括工资福利等。"
            "其中：工资福利支出111.35万元，对个人和家庭的补助0.3万元。2、公用经费16万元，占基本支出的12.53%。")
    (total,) = roots(text)
    assert tree(total) == ("127.65万元", [("111.65万元", ["111.35万元", "0.3万元"]), "16万元"])
    shares = [s for s in parse_text(text, year=2023) if s.figure.kind == "percent"]
    assert [(s.about.figure.text, s.base) for s in shares] == [("111.65万元", "基本支出"), ("16万元", "基本支出")]


def test_partial_qizhong_is_open() -> None:
    (staff,) = [s for s in roots("核定事业编制12名。其中,主任1名(正科级),副主任3名(副科级)。") if s.children]
    assert [c.label for c in staff.children] == ["主任", "副主任"]
    assert staff.closed is None  # 4 of 12: far from the total, so not all the parts
    (one,) = [s for s in roots("行政编制24个(机关公勤2个)。") if s.children]
    assert one.closed is False and one.closed_why == "一项"


def test_list_ending_in_deng_is_open() -> None:
    (total,) = roots("市级资金260.3万元，为奖励督查10万元、大别山区水环境生态补偿资金250万元等。")
    assert len(total.children) == 2 and total.closed is False and total.closed_why == "等"


def test_closed_words_residual_and_near_sum() -> None:
    (a,) = [s for s in roots("三项经费共90万元，分别为：培训30万元、宣传30万元、印刷29万元。") if s.figure.kind == "money"]
    assert a.closed is True and a.closed_why == "分别为"
    (b,) = roots("基本支出2956.36万元，其中工资福利支出2424.00万元，商品和服务支出432.65万元，其他资本性支出6.5万元。")
    assert b.closed is True and b.closed_why == "其他"  # a residual 其他 item: all the parts
    (c,) = roots("本项目共完成预算资金89.97万元。其中：30万元用于预算编制；30万元用于审计；29.99万元用于设计。")
    assert tree(c) == ("89.97万元", ["30万元", "30万元", "29.99万元"])
    assert [k.label for k in c.children] == ["预算编制", "审计", "设计"]  # named after the figure (用于…)
    assert c.closed is True and c.closed_why == "其中："  # "其中：A；B；C" enumerates the breakdown


def test_semicolon_list_after_a_colon_that_ends_the_triggers_clause() -> None:
    """"主要用于以下方面：A；B；C": the colon announces the list, so ； separates its parts."""
    (total,) = [s for s in roots("财政拨款支出400万元，主要用于以下方面：教育支出100万元；农林水支出200万元；"
                                 "城乡社区支出90万元。年末结转10万元。") if s.children]
    assert tree(total) == ("400万元", ["100万元", "200万元", "90万元"])
    # Without a colon, a semicolon still ends a list opened by 其中.
    (head,) = [s for s in roots("核定编制50名，其中行政编制47名；年末实有人员48人。") if s.children]
    assert [c.figure.text for c in head.children] == ["47名"]


def test_numbered_paragraphs_under_an_announcing_sentence() -> None:
    paras = [Paragraph(t, Location(paragraph=i)) for i, t in enumerate([
        "项目总投资300万元，分三个项目实施：",
        "1. 道路硬化项目，投资120万元。",
        "2. 危房改造项目，投资100万元。",
        "3. 人居环境整治项目，投资70万元。",
    ], 1)]
    sts = narrative_statements(paras, 2023)
    total = sts[0]
    assert [c.figure.text for c in total.children] == ["120万元", "100万元", "70万元"]
    assert total.closed is True and total.closed_why == "分三个"  # announced three, three follow


def test_paragraph_opening_with_qizhong_continues_the_previous_one() -> None:
    paras = [Paragraph("2023年下达上级资金755.19万元。", Location(paragraph=1)),
             Paragraph("其中：中央级资金124.23万元，省级资金370.83万元，市级资金260.3万元。", Location(paragraph=2))]
    total = narrative_statements(paras, 2023)[0]
    assert [c.scope.level for c in total.children] == ["中央", "省", "市"]
    assert total.closed is True  # 755.36 against 755.19: meant to be all of it


def test_yuan_with_thousands_separators_beside_wanyuan() -> None:
    (total,) = roots("项目总投资1.8万元，其中设备购置12,000元，安装调试6,000元。")
    assert [c.figure.value for c in total.children] == [1.2, 0.6]  # 元 normalised to 万元
    assert total.closed is True


def test_total_at_the_end_of_a_sentence_takes_the_parts_before_it() -> None:
    (total,) = roots("办公费12,345.00元、印刷费6,000元，合计18,345.00元。")
    assert tree(total) == ("18,345.00元", ["12,345.00元", "6,000元"])
    assert total.total and total.closed is True


def test_count_total_with_qizhong_after_its_noun() -> None:
    (total,) = roots("共有10个机构单位，其中3个行政部门和7个事业单位。")
    assert total.label == "机构单位" and [c.label for c in total.children] == ["行政部门", "事业单位"]


def test_roles_periods_and_levels() -> None:
    sts = parse_text("金寨县某镇人民政府2023年度下达中央级资金转移支付755.19万元。省级资金转移支付124.23万元。"
                     "2022年决算数为50万元，上年预算安排40万元。", year=2023)
    by = {s.figure.text: s for s in sts}
    assert (by["755.19万元"].role, by["755.19万元"].scope.level, by["755.19万元"].period) == ("allocation", "中央", 2023)
    # no role word: the role of the earlier figure of the same measure carries over
    assert (by["124.23万元"].role, by["124.23万元"].scope.level, by["124.23万元"].measure) == ("allocation", "省", "资金转移支付")
    assert (by["50万元"].role, by["50万元"].period) == ("actual", 2022)
    assert (by["40万元"].role, by["40万元"].period) == ("budget", 2022)


def test_cited_document_number_scopes_its_amount() -> None:
    sts = parse_text("农村改厕项目资金（皖财农〔2022〕1115号）21.24万元，道路工程100万元。")
    by = {s.figure.text: s for s in sts}
    assert by["21.24万元"].scope.document == "皖财农〔2022〕1115号" and by["21.24万元"].label == "农村改厕项目资金"
    assert by["100万元"].scope.document is None


def test_role_word_alone_takes_the_topic_of_its_sentence() -> None:
    sts = parse_text("此专项经费预算数180万元，全年执行数180万元，实际执行率100%。")
    assert [(s.measure, s.role) for s in sts[:2]] == [("专项经费", "budget"), ("专项经费", "actual")]


def test_change_amounts_are_not_levels() -> None:
    sts = parse_text("三公经费支出0.64万元，比上年增加0.19万元。")
    assert [s.role for s in sts] == ["actual", "change"]


def test_numbered_paragraphs_under_a_sentence_that_refers_to_the_total_above() -> None:
    """"上述资金分2个项目实施：" divides the total of the paragraph before it."""
    paras = ["2023年，上级共下达农业生产发展资金591.57万元，其中：中央资金210.21万元，省级资金381.36万元。",
             "上述资金分2个项目实施：",
             "1.农村人居环境整治：安排资金503.63万元，用于设备购置。",
             "2.农作物病虫害统防统治：安排资金81.24万元，用于设施维修养护。"]
    sts = narrative_statements([Paragraph(t, Location(paragraph=i)) for i, t in enumerate(paras)], 2023)
    (stand_in,) = [s for s in sts if s.location.paragraph == 0 and s.measure == "" and s.children]
    assert stand_in.figure.text == "591.57万元" and [k.figure.text for k in stand_in.children] == ["503.63万元", "81.24万元"]
    assert stand_in.closed is True  # 2 announced, 2 listed
    original = next(s for s in sts if s.figure.text == "591.57万元" and s.measure)
    assert [k.figure.text for k in original.children] == ["210.21万元", "381.36万元"]  # its own parts kept


def test_a_fund_levels_money_stated_again_without_a_role_takes_its_first_role() -> None:
    paras = ["2023年，上级共下达水利发展资金223.21万元，其中：中央资金转移支付21.58万元，市级资金转移支付201.63万元。",
             "市级资金84.08万元，主要用于农村饮水安全工程维修养护。"]
    sts = narrative_statements([Paragraph(t, Location(paragraph=i)) for i, t in enumerate(paras)], 2023)
    again = next(s for s in sts if s.figure.text == "84.08万元")
    assert again.role == "allocation" and again.role_strength == 1 and again.scope.level == "市"


def test_a_rate_written_as_a_share_of_a_budget() -> None:
    """"决算为15.88万元，完成预算18.12万元的78.34%": 78.34% is 15.88 over the budget 18.12."""
    sts = parse_text("2019年度三公经费财政拨款支出决算为15.88万元，完成预算18.12万元的78.34%，与上年16.77万元相比有所下降。", year=2019)
    rate = next(s for s in sts if s.figure.kind == "percent")
    budget = next(s for s in sts if s.figure.text == "18.12万元")
    assert rate.about is not None and rate.about.figure.text == "15.88万元" and rate.parent_of_share is budget
    assert budget.role == "budget" and budget.measure == rate.about.measure


def test_a_total_shared_out_to_each_recipient_is_closed() -> None:
    (total,) = [s for s in roots("其中应急物资储备资金30.76万元分配至各乡镇：芦铺乡7.88万元、菱市镇3.59万元、杉桥镇7.77万元、"
                                 "蒲桥镇9.37万元、桃埠镇2.15万元。") if s.children]
    assert len(total.children) == 5 and total.closed is True


def test_a_bound_takes_the_sentences_topic_and_spending_names_its_line_item() -> None:
    spent, bound = parse_text("全年公用经费支出65.80万元，控制在年初预算72.77万元以内。", year=2021)
    assert (spent.measure, spent.role) == ("public_funds", "actual")
    assert (bound.measure, bound.role) == ("public_funds", "budget_initial")


def test_grand_totals_are_not_the_years_spending() -> None:
    # 决算: 收入总计 = 支出总计 = 支出合计 + 年末结转和结余, so 支出总计 is its own line item.
    (both,) = parse_text("2022年度收、支总计均为891.67万元。", year=2022)
    assert (both.label, both.measure, both.total) == ("收支", "grand_total", True)
    income, spent = parse_text("2022年度收入总计891.67万元，支出总计891.67万元。", year=2022)
    assert income.measure == spent.measure == "grand_total"
    (year,) = parse_text("2022年度本年支出合计888.92万元。", year=2022)
    assert (year.measure, year.role) == ("total_spending", "actual")
    # A 、 between two whole labels still separates them.
    a, b = parse_text("基本支出、项目支出分别为495.05万元、393.87万元。", year=2022)
    assert (a.measure, b.measure) == ("basic_spending", "project_spending")


def test_the_last_hint_is_the_head_of_a_compound_and_budget_kinds_are_no_budget() -> None:
    (spent,) = parse_text("2022年度一般公共预算财政拨款支出1350.00万元。", year=2022)
    assert spent.role == "actual"  # spent out of the general public budget, neither a budget nor income
    (came,) = parse_text("财政拨款收入1350万元。", year=2022)
    assert came.role == "income"
    (budget,) = parse_text("一般公共预算年初预算数为1000万元。", year=2022)
    assert budget.role == "budget_initial"


def test_a_sentence_opening_x_zhong_breaks_down_the_x_before_it() -> None:
    paras = [Paragraph("2022年度支出合计1980.25万元，其中：基本支出905.10万元，项目支出1075.15万元。"
                       "基本支出中，人员经费820.60万元，公用经费84.50万元。", Location(file="t.docx"))]
    by_label = {s.label: s for s in narrative_statements(paras, 2022)}
    basic = by_label["基本支出"]
    assert [k.label for k in basic.children] == ["人员经费", "公用经费"]
    assert basic.closed is True  # the catalog's breakdown of 基本支出
    # Nothing named X before: the sentence stands alone.
    alone = [Paragraph("项目支出中，培训费10万元，印刷费5万元。", Location(file="t.docx"))]
    assert all(s.parent is None for s in narrative_statements(alone, 2022))


def test_a_paragraph_opening_qizhong_under_a_broken_down_total_takes_the_part_it_names() -> None:
    paras = [Paragraph(t, Location(file="t.docx")) for t in (
        "中央、省、市、县四级补助资金分别为79,526.62万元、18,625.30万元、5,587.59万元和9,869.94万元，合计113,609.45万元。",
        "其中，中央资金分三批下达：财社〔2021〕156号提前下达68,500.00万元，财社〔2022〕47号下达8,326.62万元，"
        "财社〔2022〕128号下达2,700.00万元。")]
    by_text = {s.figure.text: s for s in narrative_statements(paras, 2022)}
    central = by_text["79,526.62万元"]
    assert [k.figure.text for k in central.children] == ["68,500.00万元", "8,326.62万元", "2,700.00万元"]
    assert len(by_text["113,609.45万元"].children) == 4


def test_income_totals_keep_their_carry_over_and_a_run_of_parts_shares_its_role() -> None:
    (total, year, carry) = parse_text("2022年度收入总计3,256.78万元，其中：本年收入合计3,108.45万元，年初结转和结余148.33万元。",
                                      year=2022)
    assert year.parent is total and carry.parent is total  # income with last year's carry-over
    project, basic, whole = parse_text("2022年部门预算安排项目支出800.00万元，基本支出3,720.00万元，合计4,520.00万元。",
                                       year=2022)
    assert basic.parent is whole and basic.role == project.role == "budget"
