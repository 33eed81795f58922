"""From a file to what a report says.

Two layers: ``extract.read`` turns a file (.docx, .pdf, scanned .pdf, .xlsx,
legacy .doc/.wps) into a :class:`~jixiao.model.Document` of paragraphs and
tables and knows nothing of budgets; ``extract.understand`` finds attachments,
sections, forms, statements and the report's identity in that Document.
"""
from __future__ import annotations

import os

from jixiao.model import Document


def load_document(path: str | os.PathLike[str]) -> Document:
    """Read a file and segment it into attachments and sections (raises ReadError)."""
    from extract.read import read_document
    from extract.understand.structure import segment

    return segment(read_document(path))
