"""What every family builder needs: identity, numbering styles, amounts, relations."""
from __future__ import annotations

import random
from decimal import Decimal
from typing import Sequence

from . import vocab
from .model import LE, Check, Doc, Fig, Forbid, Identity, Num, Para, Rate, Sum, Txt
from .numbers import D, cn_number, quant

# --------------------------------------------------------------------------- identity


def make_identity(rng: random.Random, utype: str | None = None, level: str | None = None) -> Identity:
    chain = vocab.place_chain(rng)
    if utype is None:
        utype = rng.choice(sorted(vocab.UNIT_TYPES))
    spec = vocab.UNIT_TYPES[utype]
    if level is None or level not in spec["levels"]:
        level = rng.choice(spec["levels"])
    county, *other_counties = chain["counties"]
    town, *other_towns = chain["towns"]
    if level == "township":
        short = town + "人民政府"
        unit = county + short
        selfref = "我乡" if town.endswith("乡") else "我镇"
        siblings = [t for t in other_towns if t[-1] == town[-1]] or other_towns
        return Identity(chain["province"], chain["abbr"], chain["city"], county, town, level, unit, short, utype,
                        selfref, siblings)
    place = county if level == "county" else chain["city"]
    short = spec["name"]
    unit = place + short
    siblings = other_counties if level == "county" else []
    return Identity(chain["province"], chain["abbr"], chain["city"], county if level == "county" else "", "", level,
                    unit, short, utype, spec["selfref"][0], siblings)


def place_word(ident: Identity) -> str:
    """全{place}: 县 / 区 / 市 / 镇."""
    return ident.place[-1]


# --------------------------------------------------------------------------- numbering

NUMBERING = {
    # h1, h2, h3, h4 markers
    "cn": (lambda i: f"{cn_number(i)}、", lambda i: f"（{cn_number(i)}）", lambda i: f"{i}.", lambda i: f"（{i}）"),
    "cn_ascii": (lambda i: f"{cn_number(i)}、", lambda i: f"({cn_number(i)})", lambda i: f"{i}、", lambda i: f"({i})"),
    "decimal": (lambda i: f"{i}.", None, None, lambda i: f"（{i}）"),  # 1. / 1.1 / 1.1.1 handled by Numberer
}


class Numberer:
    """Heading markers in one of the styles seen: 一、（一）1.（1）①, 一、(一)1、(1), or 1. 1.1 1.1.1."""

    def __init__(self, style: str) -> None:
        self.style = style
        self.counts = [0, 0, 0, 0]

    def mark(self, level: int) -> str:
        self.counts[level] += 1
        for k in range(level + 1, 4):
            self.counts[k] = 0
        i = self.counts[level]
        if self.style == "decimal":
            return ".".join(str(c) for c in self.counts[: level + 1]) + ("." if level == 0 else "")
        return NUMBERING[self.style][level](i)


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


# --------------------------------------------------------------------------- builder


class Builder:
    """A Doc under construction with the rng and the document's writing habits."""

    def __init__(self, doc: Doc, rng: random.Random) -> None:
        self.doc, self.rng = doc, rng
        v = doc.variant
        self.numbering = Numberer(v.get("numbering", "cn"))
        self.fw = v.get("fullwidth", False)

    # ---- figures
    def fig(self, key: str, value) -> Fig:
        return Fig(key, D(value))

    def num(self, fig: Fig, dp: int = 2, unit: str = "wan", **kw) -> Num:
        kw.setdefault("fullwidth", self.fw and unit != "pct" and self.rng.random() < 0.35)
        return Num(fig, dp=dp, unit=unit, **kw)

    def money(self, fig: Fig, dp: int | None = None, **kw) -> Num:
        return self.num(fig, self.doc.variant.get("money_dp", 2) if dp is None else dp, "wan", **kw)

    def pct(self, fig: Fig, dp: int = 2, suffix: str = "%", **kw) -> Num:
        """A rate, written with its % sign (pass suffix="" where the template writes it)."""
        kw.setdefault("fullwidth", False)
        return Num(fig, dp=dp, unit="pct", suffix=suffix, **kw)

    def plain(self, fig: Fig, dp: int = 0, **kw) -> Num:
        return self.num(fig, dp, "plain", **kw)

    # ---- text
    def h(self, level: int, title: str) -> Para:
        style = ("h1", "h2", "h3", "h3")[level]
        return self.doc.add(Para([self.numbering.mark(level) + title], style))  # type: ignore[return-value]

    def p(self, template: str, style: str = "body", **slots) -> Para:
        return self.doc.para(template, style, **slots)

    def para_parts(self, parts: list, style: str = "body") -> Para:
        return self.doc.add(Para(parts, style))  # type: ignore[return-value]

    # ---- relations
    def sum(self, label: str, total: Num, parts: Sequence[Num]) -> Sum:
        return self.doc.rel(Sum(label, total, parts))  # type: ignore[return-value]

    def rate(self, label: str, rate: Num, num: Num, den: Num) -> Rate:
        return self.doc.rel(Rate(label, rate, num, den))  # type: ignore[return-value]

    def le(self, label: str, a: Num, b: Num) -> LE:
        return self.doc.rel(LE(label, a, b))  # type: ignore[return-value]

    def check(self, label: str, occs, pred, kind: str = "check") -> Check:
        return self.doc.rel(Check(label, occs, pred, kind))  # type: ignore[return-value]

    def forbid(self, rules: list[str], mentions: list, note: str) -> None:
        self.doc.forbids.append(Forbid(rules, [str(m) for m in mentions], note))

    # ---- amounts
    def amount(self, lo: float, hi: float, dp: int = 2) -> Decimal:
        return quant(D(self.rng.uniform(lo, hi)), dp)

    def split_weights(self, total: int, k: int) -> list[int]:
        """``k`` item weights adding up to ``total``, in the round numbers forms use (2, 3, 5, 8, 10, 15, 20 …)."""
        avg = total / k
        nice = [x for x in (2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30) if avg / 2.5 <= x <= avg * 2.2] or [2, 3, 4, 5]
        for _ in range(400):
            parts = [self.rng.choice(nice) for _ in range(k - 1)]
            last = total - sum(parts)
            if last in nice:
                return parts + [last]
        base = [total // k] * k
        base[-1] += total - sum(base)
        return base

    def split(self, total: Decimal, k: int, dp: int = 2, min_share: float = 0.05) -> list[Decimal]:
        """``k`` positive parts that add up to ``total`` exactly at ``dp`` decimals."""
        total = D(total)
        weights = [self.rng.uniform(min_share, 1.0) for _ in range(k)]
        s = sum(weights)
        parts = [quant(total * D(w / s), dp) for w in weights]
        parts[-1] = total - sum(parts[:-1])
        if parts[-1] <= 0:
            return self.split(total, k, dp, min_share)
        return parts


# --------------------------------------------------------------------------- grades

BANDS = [(Decimal(90), "优", "优秀"), (Decimal(80), "良", "良好"), (Decimal(60), "中", "合格"), (Decimal(0), "差", "不合格")]


def grade_of(score: Decimal, labels: int = 0) -> str:
    for lo, a, b in BANDS:
        if score >= lo:
            return (a, b)[labels]
    return ("差", "不合格")[labels]


def band_index(score: Decimal) -> int:
    for i, (lo, _, _) in enumerate(BANDS):
        if score >= lo:
            return i
    return 3


def grade_check(b: Builder, label: str, grade: Txt, score: Num) -> Check:
    def pred() -> bool:
        w = score.written()
        if w is None or not grade.text:
            return True
        v, _ = w
        return grade.text in (grade_of(v, 0), grade_of(v, 1))
    return b.check(label, [grade, score], pred, kind="grade")


def wrong_grade(score: Decimal, labels: int) -> str:
    """A grade word of a neighbouring band (the planted kind of slip)."""
    i = band_index(score)
    j = i + 1 if i == 0 else i - 1
    return BANDS[j][1 + labels]


# --------------------------------------------------------------------------- document numbers

FIN_TOPICS = {"绩": "绩效", "预": "预算", "农": "农业", "社": "社会保障", "建": "建设", "教": "教育", "资环": "资源环境"}


def doc_number(prefix: str, kind: str, year: int, n: int, bracket: str = "〔〕") -> str:
    return f"{prefix}财{kind}{bracket[0]}{year}{bracket[1]}{n}号"


def short_place(name: str) -> str:
    """The one-character abbreviation of a place used in document numbers (临川县 → 临)."""
    return name[0]


FILLER = {
    "problems": [
        "绩效目标设置还不够细化、量化，部分指标难以准确衡量。",
        "预算编制的精准度有待提高，年中追加调整事项仍然存在。",
        "绩效自评工作主要依靠财务人员，业务科室参与度不够。",
        "项目资金支付进度前松后紧，序时进度把握不够均衡。",
        "绩效评价结果运用不够充分，与预算安排的结合有待加强。",
    ],
    "measures": [
        "进一步加强预算编制管理，提高预算编制的科学性和准确性。",
        "强化绩效目标管理，细化量化绩效指标，做到可衡量、可考核。",
        "加快项目实施和资金支付进度，提高资金使用效益。",
        "加强财务人员和业务人员的培训，提升预算绩效管理水平。",
        "健全内部控制制度，严格执行财经纪律，确保资金安全。",
    ],
    "management": [
        "严格执行《预算法》及财务管理制度，资金实行专账核算、专款专用。",
        "建立健全内部控制制度，重大支出事项经集体研究决定。",
        "资金支付严格履行审批程序，未发现截留、挤占、挪用等情况。",
        "按规定公开预决算信息，主动接受社会监督。",
    ],
}


def picks(rng: random.Random, items: Sequence[str], k: int) -> list[str]:
    return rng.sample(list(items), min(k, len(items)))
