"""`jixiao check FILE.docx` to the terminal imports only what it uses.

No progress bars (rich.progress, rich.live), no .xlsx, PDF or OCR libraries, no Dask, no corpus or
screen modules: each is a cost every check would pay at start-up. Checked in a fresh interpreter,
once with the usual worker process (the parent's imports) and once with --workers 0 (the parent and
the whole check in one process).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "xinfang-2020.docx"

UNWANTED = ("rich.progress", "rich.live", "openpyxl", "pypdfium2", "pdfplumber", "rapidocr_onnxruntime",
            "onnxruntime", "dask", "distributed", "corpus", "numpy", "PIL")

# After the check, one more job in a fresh worker of the same fork server: what every check worker
# starts with (the fork server's preload), beside what the parent imported.
PROBE = """
import contextlib, io, json, sys
sys.path.insert(0, "tests")
from jixiao.cli import main

if __name__ == "__main__":
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(sys.argv[1:])
    parent = sorted(sys.modules)
    import pool_jobs
    from jixiao.isolation import WorkerPool
    worker = list(WorkerPool(pool_jobs.loaded_modules, pool_jobs.failed, 1).run(["probe"]))[0]
    print(json.dumps({"code": code, "parent": parent, "worker": worker}))
"""


def _modules_after(*argv: str) -> tuple[int, list[str]]:
    out = subprocess.run([sys.executable, "-c", PROBE, *argv], cwd=ROOT, capture_output=True, text=True,
                         timeout=300, check=True)
    data = json.loads(out.stdout.strip().splitlines()[-1])
    assert isinstance(data["worker"], list), data["worker"]
    return data["code"], sorted(set(data["parent"]) | set(data["worker"]))


@pytest.mark.parametrize("workers", [[], ["--workers", "0"]], ids=["worker", "in-process"])
def test_docx_check_to_terminal_imports_no_unused_library(workers: list[str]) -> None:
    code, modules = _modules_after("check", *workers, str(SAMPLE))
    assert code in (0, 1)  # it ran (findings or none)
    loaded = [m for m in modules if any(m == u or m.startswith(u + ".") for u in UNWANTED)]
    assert not loaded, f"imported by a .docx check: {loaded}"
