"""Imported once by the worker fork server: the checker and every rule, so each worker starts warm."""
from checks.registry import load_all

import corpus.worker  # noqa: F401
import jixiao.pipeline  # noqa: F401
import jixiao.work  # noqa: F401

load_all()
