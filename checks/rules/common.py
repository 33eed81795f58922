"""Small helpers shared by rule modules: how a statement is named and cited in a finding."""
from __future__ import annotations

from jixiao.model import Evidence, Figure, Location, Statement


def place(loc: Location) -> str:
    """A short human place for a message: 附件3「表名」 or 附件5-2 二、… ; '' when nothing is known."""
    parts = []
    if loc.attachment:
        parts.append(loc.attachment)
    if loc.table is not None:
        if loc.table_title and loc.table_title != loc.attachment:
            parts.append(f"「{loc.table_title}」")
        elif not loc.table_title:
            parts.append(f"表{loc.table}")
    elif loc.section and loc.section != loc.attachment:
        parts.append(loc.section)
    return " ".join(parts)


def number_text(fig: Figure) -> str:
    """The number as written, without its unit ('0.28万元' → '0.28'), for formulas in messages."""
    import regex

    m = regex.search(r"-?[\d,，.０-９]+", fig.text)
    return m.group(0) if m else fig.text


def money_text(fig: Figure) -> str:
    """A money figure as written, with its unit added when the cell wrote none ("0.19" → "0.19万元")."""
    if fig.kind not in ("money", "number") or any(u in fig.text for u in ("元", "万")):
        return fig.text
    return f"{fig.text}{'元' if fig.scale == 1e-4 else '万元'}"


def shown(st: Statement) -> str:
    """A statement as a reviewer reads it: label and figure ("省级资金转移支付124.23万元")."""
    fig = money_text(st.figure) if st.source == "table" else st.figure.text
    return f"{st.label}{fig}" if st.label and not st.label.endswith(fig) else fig


def evidence(st: Statement, role: str = "") -> Evidence:
    """The statement's figure where it stands: the sentence for text, the cell for tables."""
    if st.source == "table":
        return Evidence(st.figure.text, st.figure.location if st.figure.location.table is not None else st.location,
                        role, None)
    return Evidence(shown(st), st.location, role, st.figure.span)


def table_column(st: Statement) -> str:
    """The header of the column a table statement stands in (年初预算数, 下达金额 …); '' for text."""
    return st.sentence.split("｜", 1)[1] if st.source == "table" and "｜" in st.sentence else ""
