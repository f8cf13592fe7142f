"""The committed sample practice's readings, worked out once per test process.

A service made without a cache folder (most tests build `ChairService(config, db, today, login)`)
reads and computes every dashboard from the files again, and the tests that walk a meeting to
its end (each Watch list wants its AMBERs, each gate its readings) do that for every meeting of
every test: about a second of CPU a walk, on files no test changes. Here such a service over
the committed sample files (the config's folder is the repository's sample/) gets the readings
cache Chair itself uses in the app and every command (storage/data/cache.py: keyed by every
input, the files' size and mtime among them), in one folder per test process. A config over
copied or changed files, and a service given its own cache folder, are left as they are.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from tests.db_templates import own_folder

SAMPLE_DIR = (Path(__file__).resolve().parents[1] / "sample").resolve()


def _reads_the_committed_sample(config: Any) -> bool:
    base = getattr(config, "base_dir", None)
    return base is not None and Path(base).resolve() == SAMPLE_DIR


def install(monkeypatch: Any) -> None:
    """Services made in this test without a cache folder, over the sample, share the process's."""
    from storage.service.store import Store

    original = Store.__init__
    signature = inspect.signature(original)

    def made(self: Store, *args: Any, **kwargs: Any) -> None:
        bound = signature.bind(self, *args, **kwargs)
        given = bound.arguments
        if given.get("cache_dir") is None and _reads_the_committed_sample(given.get("config")):
            given["cache_dir"] = own_folder() / "sample-readings"
        original(*bound.args, **bound.kwargs)

    monkeypatch.setattr(Store, "__init__", made)
