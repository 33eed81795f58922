"""Imported once by the worker fork server: the checker and every rule, so each worker starts warm.

The module of the pool's job (jixiao.work for `check`, corpus.worker for `screen`) is preloaded
beside this one (:class:`jixiao.isolation.WorkerPool`): a check does not import the corpus.
"""
from checks.registry import load_all

import jixiao.pipeline  # noqa: F401

load_all()
