"""Everything a rule may ask about one document, computed once and shared.

Rules stay pure: they read this context and return findings.  Expensive views
(figures, facts, indicator hierarchies) are cached properties so a rule that
does not need them costs nothing.
"""
from __future__ import annotations

from functools import cached_property

from extract.identity import Identity, identify
from jixiao.model import Document, Paragraph, Table


class CheckContext:
    def __init__(self, doc: Document) -> None:
        self.doc = doc

    @cached_property
    def identity(self) -> Identity:
        return identify(self.doc)

    @property
    def unit(self) -> str | None:
        return self.identity.unit

    @property
    def year(self) -> int | None:
        return self.identity.year

    @property
    def paragraphs(self) -> list[Paragraph]:
        return self.doc.paragraphs

    @property
    def tables(self) -> list[Table]:
        return self.doc.tables
