"""Build step beyond pyproject.toml: the extraction rule modules are compiled with mypyc (typed Python to C),
which runs them about 1.5x faster. TOLLWATCH_PURE_PYTHON=1 at install skips it; crawler/extract/build.py
decides at run time which build loads (the source, when it is newer than the compiled modules)."""

import importlib.util
import os

from setuptools import setup

# the list of compiled modules and the switch's name, read from crawler/extract/build.py alone (importing the
# package would need its dependencies; loading build.py runs nothing)
spec = importlib.util.spec_from_file_location("_tollwatch_build", "crawler/extract/build.py")
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)
ext_modules = []
if os.environ.get(build.PURE_ENV, "") in ("", "0"):
    from mypyc.build import mypycify

    ext_modules = mypycify([f"crawler/extract/{name}.py" for name in build.COMPILED], opt_level="3", debug_level="0")

setup(ext_modules=ext_modules)
