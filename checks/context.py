"""Rules read a :class:`~extract.understand.report.Report`; ``CheckContext`` is its old name."""
from extract.understand.report import Report, SelfEvalSheet

CheckContext = Report

__all__ = ["CheckContext", "Report", "SelfEvalSheet"]
