"""What produced a document's stored findings, so a corpus knows when they are stale.

The fingerprint is the package version plus a hash of the per-file rule ids
and of the bundled data files that drive the checks.  Upgrading jixiao (or
editing a rule table) changes it, and `jixiao screen` checks files recorded
under another fingerprint again.  Rule code edited without a version bump
or a data-file change is not noticed: bump the version.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata, resources

# (package, file) read through importlib.resources, as the checks read them.
DATA_FILES = (
    ("extract.understand", "catalog.toml"),
    ("checks", "formulas.toml"),
    ("checks", "profiles.toml"),
    ("checks", "grades.toml"),
)


def package_version() -> str:
    try:
        return metadata.version("jixiao")
    except metadata.PackageNotFoundError:
        return "dev"


@lru_cache(maxsize=1)
def tool_version() -> str:
    """'0.1.0+3f2a9c1b7d0e': package version + 12 hex digits of rule ids and data files."""
    from checks.registry import selected_rules

    digest = hashlib.sha256()
    # Cross-document findings are computed when reporting, never stored: leave their ids out.
    for r in selected_rules():
        if not r.cross_document:
            digest.update(r.id.encode() + b"\n")
    for package, name in DATA_FILES:
        digest.update(f"\0{package}/{name}\0".encode())
        digest.update(resources.files(package).joinpath(name).read_bytes())
    return f"{package_version()}+{digest.hexdigest()[:12]}"
