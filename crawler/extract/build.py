"""Which build of the rule modules runs: the compiled one (mypyc, made by `pip install`) or the Python source.

`pip install` compiles the modules of COMPILED with mypyc (setup.py) into extension modules beside their
source; Python then loads those first. They run the same rules about 1.5x faster. The source runs instead when
TOLLWATCH_PURE_PYTHON is set, or when any compiled module is older than its source (an edit since the last
install: the compiled rules would silently run the old code). All or none: the compiled modules call each
other directly, so one stale module cannot be mixed with compiled ones. `pip install -e .` recompiles.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PACKAGE = "crawler.extract"
COMPILED = ("attribution", "figures", "numbers", "records", "reporters", "sentences", "speech", "statements")
PURE_ENV = "TOLLWATCH_PURE_PYTHON"
_HERE = Path(__file__).resolve().parent


def compiled_files(folder: Path) -> dict[str, Path]:
    """Module name → its compiled extension module in folder ('figures.cpython-311-x86_64-linux-gnu.so')."""
    found: dict[str, Path] = {}
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    with os.scandir(folder) as entries:
        for entry in entries:
            for suffix in suffixes:
                if entry.name.endswith(suffix):
                    found[entry.name[: -len(suffix)]] = Path(entry.path)
                    break
    return found


def source_reason(folder: Path, environ: dict[str, str] | os._Environ[str] = os.environ) -> str | None:
    """Why the Python source must run instead of the compiled modules in folder, or None to run them compiled
    (also None when nothing is compiled: Python then loads the source anyway)."""
    if environ.get(PURE_ENV, "") not in ("", "0"):
        return f"{PURE_ENV} is set"
    built = compiled_files(folder)
    if not built:
        return None
    for name in COMPILED:
        source = folder / f"{name}.py"
        if name not in built:
            return f"{name} is not compiled"
        if source.exists() and source.stat().st_mtime > built[name].stat().st_mtime:
            return f"{source.name} changed after it was compiled (pip install -e . compiles it again)"
    return None


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Finds the rule modules as their .py source, ahead of the extension modules beside them."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None):
        package, _, name = fullname.rpartition(".")
        if package != PACKAGE or name not in COMPILED:
            return None
        return importlib.util.spec_from_file_location(fullname, _HERE / f"{name}.py")


def choose() -> str | None:
    """Run the source when it must (see source_reason); returns that reason, None when the compiled rules run."""
    reason = source_reason(_HERE)
    if reason is not None and compiled_files(_HERE):
        if not any(isinstance(f, _SourceFinder) for f in sys.meta_path):
            sys.meta_path.insert(0, _SourceFinder())
        if not os.environ.get(PURE_ENV):
            print(f"tollwatch: extraction runs its Python source, slower: {reason}", file=sys.stderr)
    return reason


def running_compiled() -> bool:
    """True when the rule modules loaded are the compiled ones."""
    module = sys.modules.get(f"{PACKAGE}.figures")
    return module is not None and not (module.__file__ or "").endswith(".py")


SOURCE_REASON = choose()  # at import of crawler.extract, before any rule module loads
