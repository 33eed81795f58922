"""rate.mismatch: a stated rate that is not its numerator over its denominator."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from checks.registry import Message, report, rule
from checks.tolerance import Interval, finest_half, fmt, of, ratio
from extract.understand.lexicon import load_lexicon
from extract.understand.statements import _ITEM_ID, _measure_key
from jixiao.model import Evidence, Figure, Finding, Location, Statement

from .common import evidence, number_text, place, table_column

if TYPE_CHECKING:
    from extract.understand.report import Report

RULE = "rate.mismatch"
SHARE = Message("rate.share", "比率与数据不符：{where}“{num_label}{num}，占{base}的{rate}”，而{base}为{den}，{num_n}/{den_n} = {computed}%")
NAMED = Message("rate.named", "比率与数据不符：{where}{rate_label}{rate}，而{num_label}{num_n}/{den_label}{den_n} = {computed}%")
SHARE_OF = Message("rate.share_of", "比率与数据不符：{where}“{num_label}{num}，{den_label}{den}的{rate}”，而{num_n}/{den_n} = {computed}%")
GROWTH = Message("rate.growth", "增减幅度与数据不符：{where}“{stated}”，而{base_name}为{base_how}，{change_n}/{base_n} = {computed}%")
GROWTH_SIGN = Message("rate.growth_sign", "增减方向与数据不符：{where}“{stated}”，而本年{now}{compared}{base_name}{then}")
TABLE_CHANGE = Message("rate.table_change", "增减数与数据不符：{where}{second_name}{second} − {first_name}{first} = {computed}，表中{column}填报{stated}")
TABLE_CHANGE_RATE = Message("rate.table_change_rate", "增减率与数据不符：{where}（{second_name}{second} − {first_name}{first}）/ {first} = {computed}，表中{column}填报{stated}")
TABLE = Message("rate.table", "比率与数据不符：{where}{num_name}/{den_name} = {num}/{den} = {computed}%，表中填报{rate}")

BUDGET_ROLES = ("budget_adjusted", "budget", "budget_initial")


@rule(RULE, "填报的比率不等于相应数据之比")
def rate_mismatch(r: "Report") -> Iterator[Finding]:
    """A stated rate that is not numerator / denominator of the report's own figures.

    What it flags: a percentage whose parts the report states for the same
    measure, scope and period — "人员经费111.65万元，占基本支出的87.47%" against
    the 基本支出 it states; "预算数180万元，执行数180万元，执行率100%"; a
    自评表's 执行率 against 全年执行数/全年预算数; the 基础数据表's 在职人员控制率
    against 实际在职人数/编制数; each row of a table that matches no form (a
    资金分配及执行情况表: 执行率 against 执行金额/下达金额); a rate of change against the change over
    last year's level ("比上年减少5.00万元，降低4.76%": 5/105); a share of a line item stated in another
    section ("占本年支出合计的90%").  Which figures a named rate divides is data
    (``rates`` in extract/understand/lexicon.toml).  Compared at written
    precision: 17.11/20 written 85.5% is rounding, 26.64/30 written 66.4% is not.

    Why it matters: a rate that does not follow from the figures beside it
    was typed or copied, and any score computed from it is wrong too.

    Example: 「接访专项经费」自评表 全年预算数30、全年执行数26.64、执行率66.4%
    (26.64/30 = 88.8%).

    Severity: error.  Options: none beyond --select/--ignore.
    """
    texts = [s for s in r.narrative_statements if s.figure.kind == "percent" and s.role == "rate"]
    for st in texts:
        f = _share(r, st) if st.about is not None and st.base else _named(r, st)
        if f is not None:
            yield f
    yield from _sheet_rates(r)
    yield from _staff_rate(r)
    yield from _free_table_rates(r)
    yield from _growth_rates(r)
    yield from _free_table_changes(r)


def _share(r: "Report", st: Statement) -> Finding | None:
    num = st.about
    assert num is not None and st.base is not None
    whole = getattr(st, "parent_of_share", None)
    if whole is not None and whole.figure.value:
        lex = load_lexicon()
        # "完成预算18.12万元的78.34%": quoted as written, verb and budget before the share.
        message = SHARE_OF if whole.label.startswith(tuple(lex.share_verbs)) and whole.parent is None else SHARE
        return _compare(r, st, num, whole, message, base=st.base, where=place(st.location))
    lex = load_lexicon()
    base = st.base
    # "占年初预算的71.11%": the base is a role of the same measure.
    role_word = next((w for w in lex.role_words if base.endswith(w.word) and w.kind == "strip"), None)
    measure = _measure_key(base[: len(base) - len(role_word.word)] if role_word else base)
    if not measure and role_word:
        measure = num.measure
    cands = [s for s in r.narrative_statements
             if s is not num and s.figure.kind == num.figure.kind and s.figure.value is not None
             and s.location == st.location and s.measure == measure and measure]
    if not cands and _ITEM_ID.fullmatch(measure):
        # "占本年支出合计的90%" in one section, 本年支出合计 stated in another: a line item the catalog
        # names has one value per report, so the document's statements of it are the base, if they agree.
        cands = [s for s in r.narrative_statements
                 if s is not num and s.figure.kind == num.figure.kind and s.figure.value is not None
                 and s.measure == measure and s.period in (None, r.year) and s.parent is None]
        if len({s.figure.value for s in _with_role(cands, role_word, num)}) != 1:
            cands = []
    den = _nearest(_with_role(cands, role_word, num), num)
    if den is None:
        return None
    return _compare(r, st, num, den, SHARE, base=base, where=place(st.location))


def _with_role(cands: list[Statement], role_word, num: Statement) -> list[Statement]:
    """The candidates whose role is the base's role word (any budget for a budget), else the share's own."""
    if role_word:
        return [s for s in cands if s.role == role_word.role or (role_word.role in BUDGET_ROLES and s.role in BUDGET_ROLES)]
    return [s for s in cands if s.role == num.role or not s.role or not num.role]


def _named(r: "Report", st: Statement) -> Finding | None:
    lex = load_lexicon()
    rd = lex.rate_for(st.label)
    if rd is None:
        return None
    # The rate's own measure ("资金执行率" → 资金) or the topic of the figures just before it.
    # Since the sentence's previous rate: "…预算执行率97.12%；其中项目支出预算…，执行…，执行率96.35%".
    pool = _amounts_since_last_rate([s for s in r.narrative_statements if s.location == st.location], st)
    # A total before its 其中 list is what the rate is of, not the list's last part.
    pair = _rate_terms([s for s in pool if s.parent is None], rd) or _rate_terms(pool, rd)
    if pair is None and not pool:
        pair = _rate_terms(_sentence_before(r, st, lex, rd), rd)
    if pair is None:
        num = next((s for s in reversed(pool) if s.role in rd.numerator), None)
        den = _only_budget(r, rd, num) if num is not None else None
        if num is None or den is None:
            return None
        return _compare(r, st, num, den, NAMED, severity="warning", where=place(st.location))
    return _compare(r, st, pair[0], pair[1], NAMED, where=place(st.location))


def _only_budget(r: "Report", rd, num: Statement) -> Statement | None:
    """"累计支出2850.00万元，预算执行率95.00%" with the budget stated elsewhere: the report's one amount of
    the rate's denominator role (a project report's 总投资), when every statement of that role agrees."""
    lex = load_lexicon()
    # A line item's rate (三公经费) divides by that item's budget; a project's spending by any budget named
    # only generically (项目总投资, 预算总支出).
    generic = not _ITEM_ID.fullmatch(num.measure)
    for role in rd.denominator:
        cands = [s for s in r.narrative_statements if s.role == role and s.parent is None and s is not num
                 and s.figure.kind == "money" and s.figure.value is not None and s.period in (None, r.year)
                 and (s.measure == num.measure or (generic and (not s.measure or lex.is_generic(s.measure))))]
        if cands:
            values = {s.figure.value for s in cands}
            every = {s.figure.value for s in r.narrative_statements if s.role == role and s.figure.value is not None
                     and s.figure.kind == "money" and s.parent is None}
            return cands[0] if len(values) == 1 and len(every) == 1 else None
    return None


def _amounts_since_last_rate(paragraph: list[Statement], rate: Statement) -> list[Statement]:
    """The amounts of ``rate``'s sentence before it and after the sentence's previous rate: what it can divide."""
    same = [s for s in paragraph if s.sentence == rate.sentence and s.figure.span[0] < rate.figure.span[0]]
    since = max((s.figure.span[0] for s in same if s.figure.kind == "percent"), default=-1)
    return [s for s in same if s.figure.kind == "money" and s.figure.value is not None and s.figure.span[0] > since]


def _rate_terms(pool: list[Statement], rd) -> tuple[Statement, Statement] | None:
    """The nearest numerator and then denominator in ``pool`` by the rate's roles, of one measure."""
    num = next((s for s in reversed(pool) if s.role in rd.numerator), None)
    if num is None:
        return None
    for role in rd.denominator:
        den = next((s for s in reversed(pool) if s.role == role and s is not num
                    and (s.measure == num.measure or not s.measure or not num.measure)), None)
        if den is not None:
            return num, den
    return None


def _sentence_before(r: "Report", st: Statement, lex, rd) -> list[Statement]:
    """For "“三公”经费控制率为80.00%。" standing alone: the amounts of the paragraph's sentence before, when
    the rate names its measure and that sentence states it (its top-level amounts only, not their parts)."""
    name = next(n for n in sorted(rd.names, key=len, reverse=True) if st.label.endswith(n))
    measure = _measure_key(st.label[: -len(name)])
    if not measure:
        return []
    earlier = [s for s in r.narrative_statements if s.location == st.location and s.figure.span[1] <= st.figure.span[0]
               and s.sentence != st.sentence]
    if not earlier:
        return []
    sentence = earlier[-1].sentence
    pool = [s for s in earlier if s.sentence == sentence and s.figure.kind == "money" and s.figure.value is not None
            and s.parent is None and s.measure in (measure, "")]
    return pool if any(s.measure == measure for s in pool) else []


def _nearest(cands: list[Statement], to: Statement) -> Statement | None:
    if not cands:
        return None
    return min(cands, key=lambda s: abs(s.figure.span[0] - to.figure.span[0]))


def _compare(r: "Report", rate: Statement, num: Statement, den: Statement, message: Message, severity: str = "error",
             **names: str) -> Finding | None:
    half = finest_half([num.figure, den.figure])
    computed = ratio(of(num.figure, half=half), of(den.figure, half=half))
    if computed is None or of(rate.figure).overlaps(computed):
        return None
    names.setdefault("num_label", num.label)
    names.setdefault("den_label", den.label)
    names.setdefault("rate_label", rate.label)
    names.setdefault("base", den.label)
    return report(RULE, severity, message, [evidence(rate, "stated"), evidence(num, "numerator"), evidence(den, "denominator")],
                  rate=rate.figure.text, num=num.figure.text, den=den.figure.text, num_n=number_text(num.figure),
                  den_n=number_text(den.figure), computed=fmt(computed.mid, 2), **names)


def _rate_table(where: str, rate: Figure, num: Figure, den: Figure, num_name: str, den_name: str,
                rate_loc: Location, num_loc: Location, den_loc: Location, counts: bool = False) -> Finding | None:
    if counts:  # headcounts are exact: 7 of 8 posts is 87.5%
        computed = ratio(of(num, True), of(den, True))
    else:  # amounts at the finest precision written beside them: 30 next to 26.64 is 30.00; 1108 next to 1186 is ± 0.5
        half = finest_half([num, den])
        computed = ratio(of(num, half=half), of(den, half=half))
    if computed is None or of(rate).overlaps(computed):
        return None
    return report(RULE, "error", TABLE,
                  [Evidence(rate.text, rate_loc, "stated"), Evidence(num.text, num_loc, "numerator"), Evidence(den.text, den_loc, "denominator")],
                  where=where, num_name=num_name, den_name=den_name, num=num.text, den=den.text,
                  computed=fmt(computed.mid, 1), rate=rate.text)


def _sheet_rates(r: "Report") -> Iterator[Finding]:
    """Each funds row of a form: its 执行率 against its own 执行数 / 全年（调整后）预算数."""
    for form in r.forms:
        for row in form.funds:
            rate, num = row.figure("execution_rate"), row.figure("executed")
            den = row.figure("budget_full") or row.figure("budget_initial")
            if rate is None or num is None or den is None or rate.kind != "percent" or num.kind == "percent" or den.kind == "percent":
                continue
            den_name = "全年预算数" if row.figure("budget_full") is not None else "年初预算数"
            f = _rate_table(f"{form.label}{row.label}：", rate, num, den, "全年执行数", den_name,
                            rate.location, num.location, den.location)
            if f is not None:
                yield f
                break  # a 其中 row repeating the total's figures repeats its error


def _free_table_rates(r: "Report") -> Iterator[Finding]:
    """Each row of a table that matches no form: its rate column against the row's own columns the rate divides."""
    lex = load_lexicon()
    for row in _free_table_rows(r):
        for rate in (s for s in row if s.role == "rate"):
            rd = lex.rate_for(table_column(rate))
            if rd is None:
                continue
            num = next((s for role in rd.numerator for s in row if s.role == role), None)
            den = next((s for role in rd.denominator for s in row if s.role == role), None)
            if num is None or den is None:
                continue
            label = rate.sentence.split("｜", 1)[0]
            f = _rate_table(f"{rate.location.table_title or '表'}“{label}”行：", rate.figure, num.figure, den.figure,
                            table_column(num), table_column(den), rate.location, num.location, den.location)
            if f is not None:
                yield f


def _free_table_rows(r: "Report") -> list[list[Statement]]:
    """The statements of each row of the tables that match no form."""
    by_row: dict[tuple, list[Statement]] = {}
    for st in r.free_table_statements:
        by_row.setdefault((st.location.attachment, st.location.table, st.location.row), []).append(st)
    return list(by_row.values())


def _staff_rate(r: "Report") -> Iterator[Finding]:
    from extract.understand.tablefacts import fact_figure

    staff = r.basic("staff_section", "control_rate") or r.basic("staff", "control_rate")
    subject = staff.subject if staff else None
    if staff is None or subject is None:
        return
    rate, num, den = fact_figure(staff), fact_figure(r.basic(subject, "staff_actual")), fact_figure(r.basic(subject, "staffing_quota"))
    if rate is not None and num is not None and den is not None:
        f = _rate_table("基础数据表 在职人员控制率：", rate, num, den, "实际在职人数", "编制数", rate.location, num.location, den.location,
                        counts=True)
        if f is not None:
            yield f


def _growth_rates(r: "Report") -> Iterator[Finding]:
    """"比上年减少5.00万元，降低4.76%": a rate of change is the change over last year's level.

    Last year's level is stated in the sentence ("与上年926.91万元相比"), or
    follows from this year's level and the change (100.00 + 5.00 when it
    fell by 5.00).  This year's level is the amount the sentence is about, or
    the amount of the same measure just before it in the paragraph ("…支出
    1350.00万元。与上年相比，…支出增加100.00万元，增长8.00%"); a warning then.
    Goals ("力争增长10%") are not read.
    """
    lex = load_lexicon()
    by_para: dict[Location, list[Statement]] = {}
    for s in r.narrative_statements:
        by_para.setdefault(s.location, []).append(s)
    prev_year = r.year - 1 if r.year is not None else None
    for stmts in by_para.values():
        for i, pct in enumerate(stmts):
            if pct.figure.kind != "percent" or pct.role != "change" or pct.figure.value is None \
                    or "百分点" in pct.figure.text:  # "提高2个百分点" is a difference of two rates
                continue
            trend = lex.trend_in(pct.label)
            head = pct.sentence[: pct.sentence.find(pct.figure.text)] if pct.figure.text in pct.sentence else ""
            if trend is None or trend[0] == "flat" or any(w in head for w in lex.goal_words):
                continue
            # "…较上年…增长13.68%，其中中央资金2,100.00万元，较上年增长10.53%" does not divide the 中央资金
            # by the whole's last year.
            before = _amounts_since_last_rate(stmts, pct)
            change = next((s for s in reversed(before) if s.role == "change" and lex.trend_in(s.label)), None)
            if change is not None and lex.trend_in(change.label)[0] != trend[0]:
                continue
            if _own_measure(pct.label, lex) and change is not None and _own_measure(pct.label, lex) != _own_measure(change.label, lex):
                continue  # "…增加100万元，其中人员经费增长8%": another measure's rate
            # What the change is measured against: an amount of last year, or one introduced by 比/较 ("比预算12万元").
            base = next((s for s in reversed(before) if s is not change and not lex.trend_in(s.label)
                         and ((prev_year is not None and s.period == prev_year) or _compares(s, lex))), None)
            if base is None and change is not None and change.label.startswith(("相比", "比较")):
                # "与年初预算1800.50万元相比增加179.75万元": the amount just before 相比
                k = before.index(change)
                base = before[k - 1] if k > 0 and not lex.trend_in(before[k - 1].label) else None
            current = next((s for s in reversed(before) if s is not change and s is not base and s.role != "change"
                            and s.period in (None, r.year)), None)
            severity = "error"
            if base is None and change is not None and not _against_last_year(pct, change, prev_year, lex):
                continue  # "比预算减少2.4万元，下降20%": measured against an amount not stated
            if current is None and change is not None and base is None:
                current = _level_before(stmts[:i], pct.sentence, _own_measure(change.label, lex))
                severity = "warning"
            f = _growth(r, pct, trend[0], change, base, current, severity, prev_year)
            if f is not None:
                yield f


def _compares(st: Statement, lex) -> bool:
    """An amount something is compared with: "比预算12万元", "较上年1400万元"."""
    return any(m in st.label for m in lex.change_markers if m in ("比", "较", "相比"))


def _against_last_year(pct: Statement, change: Statement, prev_year: int | None, lex) -> bool:
    """The change is from last year (比上年…, 与上年相比…), not from a budget or target named without a figure."""
    found = [lex.role_of(m.group()) for m in lex.role_re.finditer(lex.mask(change.label))]
    if any(w.kind in ("strip", "verb") and w.role != "actual" for w in found):
        return False
    if prev_year is not None and change.period == prev_year:
        return True
    head = pct.sentence[: pct.sentence.find(change.figure.text)] if change.figure.text in pct.sentence else ""
    return any(w in head for w in lex.prev_words)


def _own_measure(label: str, lex) -> str:
    """A label without its trend and comparison words: "一般公共预算财政拨款支出增加" → 一般公共预算财政拨款支出."""
    tr = lex.trend_in(label)
    if tr is not None:
        label = label[: tr[2]]
    for w in sorted(lex.change_markers, key=len, reverse=True):
        label = label.replace(w, "")
    label = label.replace("各", "")
    for w in sorted(lex.total_words, key=len, reverse=True):
        if label.endswith(w) and len(label) > len(w):
            label = label[: -len(w)]
            break
    return _measure_key(label) if len(label) >= 2 else ""


def _level_before(stmts: list[Statement], sentence: str, measure: str) -> Statement | None:
    """The last amount of ``measure`` stated in an earlier sentence of the paragraph (this year's level)."""
    if not measure:
        return None
    for s in reversed(stmts):
        if s.sentence != sentence and s.figure.kind == "money" and s.figure.value is not None and s.role != "change":
            return s if measure in (s.measure, _measure_key(s.label)) else None
    return None


def _growth(r: "Report", pct: Statement, direction: str, change: Statement | None, base: Statement | None,
            current: Statement | None, severity: str, prev_year: int | None) -> Finding | None:
    parts = [x for x in (change, base, current) if x is not None]
    half = finest_half([x.figure for x in parts]) if len({x.figure.scale for x in parts}) == 1 else None
    base_name = "上年"
    if base is not None and not (prev_year is not None and base.period == prev_year):
        base_name = next((base.label.split(m, 1)[1] for m in ("比", "较") if m in base.label), base.label) or "基数"
    if change is not None and base is not None:
        num, den = of(change.figure, half=half), of(base.figure, half=half)
        base_how, ev = base.figure.text, [change, base]
    elif change is not None and current is not None:
        num, now = of(change.figure, half=half), of(current.figure, half=half)
        den = now - num if direction == "up" else now + num
        sign = "−" if direction == "up" else "+"
        base_how = f"{number_text(current.figure)} {sign} {number_text(change.figure)} = {fmt(den.mid, 4)}万元"
        ev = [change, current]
    elif base is not None and current is not None:
        now, den = of(current.figure, half=half), of(base.figure, half=half)
        num = now - den if direction == "up" else den - now
        base_how, ev = base.figure.text, [current, base]
    else:
        return None
    if num.hi <= 0:
        if base is None or current is None or change is not None or num.hi == 0:
            return None
        # "本年1500万元，较上年1400万元下降7.14%": the rate's direction is not the figures'
        return report(RULE, "error", GROWTH_SIGN, [evidence(pct, "stated"), evidence(current, "numerator"),
                                                   evidence(base, "denominator")],
                      where=place(pct.location), stated=_clause(pct.sentence, current.figure.text, pct.figure.text),
                      now=current.figure.text, base_name=base_name, then=base.figure.text,
                      compared="高于" if direction == "down" else "低于")
    computed = ratio(num, den)
    if computed is None or of(pct.figure).overlaps(computed):
        return None
    point = ratio(Interval(num.mid, num.mid), Interval(den.mid, den.mid))  # as written, for the message
    first = change if change is not None else current
    assert first is not None
    return report(RULE, severity, GROWTH, [evidence(pct, "stated")] + [evidence(x, "numerator" if x is change else "denominator") for x in ev],
                  where=place(pct.location), stated=_clause(pct.sentence, first.figure.text, pct.figure.text), base_name=base_name,
                  base_how=base_how, change_n=fmt(num.mid, 4), base_n=fmt(den.mid, 4),
                  computed=fmt((point or computed).mid, 2))


def _clause(sentence: str, first: str, last: str) -> str:
    """The sentence as written from the clause holding ``first`` to ``last`` ("比上年减少5.00万元，降低4.76%")."""
    a = sentence.find(first)
    b = sentence.find(last, a + len(first)) if a >= 0 else -1
    if a < 0 or b < 0:
        return f"{first}…{last}"
    k = max(sentence.rfind(c, 0, a) for c in "，,；;：:。")
    return sentence[k + 1 : b + len(last)].strip()


def _free_table_changes(r: "Report") -> Iterator[Finding]:
    """Each row of a table with 增减额/增减率 columns: the change between the row's two amounts before them
    (预算数 | 决算数 | 增减额 | 增减率: 决算 − 预算, and that over 预算), at the precision written."""
    for row in _free_table_rows(r):
        amounts = sorted((s for s in row if s.role not in ("rate", "change", "change_rate") and s.figure.kind == "money"),
                         key=lambda s: s.cell[1])
        for ch in (s for s in row if s.role in ("change", "change_rate")):
            before = [s for s in amounts if s.cell[1] < ch.cell[1]][-2:]
            if len(before) != 2:
                continue
            first, second = before
            half = finest_half([first.figure, second.figure])
            diff = of(second.figure, half=half) - of(first.figure, half=half)
            if ch.role == "change":
                written = of(ch.figure, half=half if ch.figure.decimals >= first.figure.decimals else None)
                if written.overlaps(diff):
                    continue
                computed = fmt(second.figure.value - first.figure.value, 4)
            else:
                if not first.figure.value:
                    continue
                rate = ratio(diff, of(first.figure, half=half))
                if rate is None or of(ch.figure).overlaps(rate):
                    continue
                computed = fmt((second.figure.value - first.figure.value) / first.figure.value * 100, 2) + "%"
            label = ch.sentence.split("｜", 1)[0]
            yield report(RULE, "error", TABLE_CHANGE if ch.role == "change" else TABLE_CHANGE_RATE,
                         [evidence(ch, "stated"), evidence(second, "numerator"), evidence(first, "denominator")],
                         where=f"{ch.location.table_title or '表'}“{label}”行：", first_name=table_column(first),
                         first=first.figure.text, second_name=table_column(second), second=second.figure.text,
                         computed=computed, column=table_column(ch), stated=ch.figure.text)
