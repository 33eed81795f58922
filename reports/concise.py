"""`--format concise`: one line per finding, for grep, editors and scripts.

    报告/a.docx:附件3 · 表2「…」 · 第4行第3列: sum.mismatch [error] 合计与各项之和不符：…
    报告/b.pdf: 无法读取：文件已加密（有打开密码），请提供未加密的文件

Each line is ``file:位置: rule [severity] message`` where 位置 is the first
evidence's location (empty when a finding has none); nothing is wrapped and
every control character is replaced, so one finding is always one line.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from jixiao.model import DocumentResult
from jixiao.textsafe import clean, display_path


def lines(results: Iterable[DocumentResult], details: dict[int, str] | None = None) -> Iterator[str]:
    for i, r in enumerate(results):
        path = display_path(r.path)
        if r.error:
            extra = f"（详情：{clean(details[i])}）" if details and details.get(i) else ""
            yield f"{path}: 无法读取：{clean(r.error)}{extra}"
            continue
        for f in r.findings:
            where = ""
            if f.evidence:
                loc = f.evidence[0].location
                label = loc.label()
                where = "" if label == loc.file else clean(label)  # a bare file name says nothing more
            yield f"{path}:{where}: {f.rule} [{f.severity}] {clean(f.message)}"


def render(results: Iterable[DocumentResult], details: dict[int, str] | None = None) -> str:
    return "".join(line + "\n" for line in lines(results, details))
