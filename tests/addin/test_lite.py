"""xlwings Lite: what requirements.txt asks for installs in Pyodide, main.py imports
and runs there, and every function and script is reachable under its own name.

Pyodide installs a package from its own builds (listed in the lock file of the
npm `pyodide` package, pinned in package.json to the release xlwings Lite runs,
installed by `npm ci`) or, when the package is pure Python, from PyPI (xlwings
Lite's documentation, "Python Dependencies"). Anything else cannot install:
rapidfuzz and zlib-ng, compiled and not built for Pyodide, are the case."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from functools import cache
from importlib import metadata
from pathlib import Path

import xlwings.server
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from addin.lite import main
from addin.scripts import RIBBON_JOBS, script_of

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "node_modules" / "pyodide" / "pyodide-lock.json"
REQUIREMENTS = ROOT / "addin" / "lite" / "requirements.txt"
PROVIDED_BY_LITE = {"xlwings"}  # the Lite add-in brings its own build


@cache
def pyodide_lock() -> dict:
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["pyodide"]
    if not LOCK.is_file():
        raise AssertionError(f"{LOCK} missing: run `npm ci` (as .ci/run does)")
    installed = json.loads((LOCK.parents[0] / "package.json").read_text())["version"]
    assert installed == pinned, f"node_modules holds pyodide {installed}, package.json pins {pinned}: run `npm ci`"
    return json.loads(LOCK.read_text())


def pyodide_environment() -> dict[str, str]:
    """Marker values under Pyodide: what `sys_platform != 'emscripten'` is tested against."""
    python = pyodide_lock()["info"]["python"]
    return {**default_environment(), "sys_platform": "emscripten", "platform_system": "Emscripten",
            "platform_machine": "wasm32", "python_full_version": python,
            "python_version": ".".join(python.split(".")[:2])}


def is_pure_python(name: str) -> bool:
    """The installed wheel runs anywhere (py3-none-any): micropip takes it from PyPI."""
    wheel = metadata.distribution(name).read_text("WHEEL") or ""
    tags = [line.split(":", 1)[1].strip() for line in wheel.splitlines() if line.startswith("Tag:")]
    return "Root-Is-Purelib: true" in wheel and bool(tags) and all(t.endswith("-none-any") for t in tags)


def uninstallable(requirements: list[str]) -> list[str]:
    """Requirements (and, for pure-Python ones, their own) that Pyodide cannot install,
    with why; a Pyodide build must also satisfy the requirement's version."""
    packages = {canonicalize_name(n): p for n, p in pyodide_lock()["packages"].items()}
    environment, problems, seen = pyodide_environment(), [], set()
    pending = [Requirement(r) for r in requirements]
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        if (requirement.marker and not requirement.marker.evaluate(environment)) or name in seen:
            continue
        seen.add(name)
        if name in packages:
            if not requirement.specifier.contains(packages[name]["version"], prereleases=True):
                problems.append(f"{requirement}: Pyodide builds {packages[name]['version']}")
        elif name in PROVIDED_BY_LITE:
            continue
        elif is_pure_python(name):
            pending += [Requirement(r) for r in metadata.requires(name) or [] if "extra ==" not in r]
        else:
            problems.append(f"{requirement}: compiled, and not built for Pyodide")
    return problems


def lite_requirements() -> list[str]:
    """requirements.txt, its line for the sicxl wheel read as sicxl's own dependencies."""
    lines = [line.strip() for line in REQUIREMENTS.read_text().splitlines()]
    listed = [line for line in lines if line and not line.startswith("#")]
    assert any(line.startswith("https://") and line.endswith(".whl") for line in listed)
    own = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    return [line for line in listed if not line.startswith("https://")] + own


def test_every_lite_requirement_installs_in_pyodide():
    assert uninstallable(lite_requirements()) == []
    python = tuple(int(p) for p in pyodide_lock()["info"]["python"].split(".")[:2])
    supported = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert supported == ">=3.11" and python >= (3, 11)


def test_the_check_refuses_what_pyodide_lacks():
    assert [p.split(":")[0] for p in sorted(uninstallable(["rapidfuzz>=3.6", "zlib-ng>=1.0"]))] == [
        "rapidfuzz>=3.6", "zlib-ng>=1.0"]
    assert uninstallable(["pandas>=99"]) == [f"pandas>=99: Pyodide builds {pyodide_lock()['packages']['pandas']['version']}"]
    assert uninstallable(["openpyxl", "pandas", "rapidfuzz; sys_platform != 'emscripten'"]) == []


def test_every_function_and_script_is_reachable_under_its_own_name():
    functions = {f["id"]: f for f in xlwings.server.custom_functions_meta(main)["functions"]}
    scripts = {s["function_name"]: s for s in xlwings.server.custom_scripts_meta(main)}
    assert len(functions) == 14 and set(scripts) == {script_of(job) for job in RIBBON_JOBS}
    for job in RIBBON_JOBS:
        assert hasattr(getattr(main, script_of(job)), "__xlscript__")
    for name in ("score", "validate", "funnel"):  # a function and a job of the same name
        assert hasattr(getattr(main, name), "__xlfunc__") and name.upper() in functions
    assert scripts["run_score"]["name"] == "Scorer" and scripts["run_funnel"]["name"] == "Entonnoir de prospection"


LITE_RUN = r'''
import asyncio, importlib.abc, json, sys
from importlib import metadata
blocked = set(json.loads(sys.argv[1]))

class Pyodide(importlib.abc.MetaPathFinder):
    """Imports only what Pyodide could install."""
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in blocked:
            raise ModuleNotFoundError(f"No module named {name!r} (not installable in Pyodide)", name=name)

sys.meta_path.insert(0, Pyodide())
import xlwings as xw, xlwings.server
from addin.lite import main
from tests.addin.payloads import book_call, function_call
table = [["Population", "Piscines", "Patinoires", "Gymnases", "Autres ERP", "Prestataire énergie"],
         [30689, 2, 0, 5, 13, "En régie"], [1200, 0, 0, 1, 2, "Groupe"]]
out = {"score": asyncio.run(xlwings.server.custom_functions_call(function_call("score", table), main))}
for script in ("run_score", "run_dedupe"):
    book = xw.Book(json=book_call({"Prospects": table}))
    book = asyncio.run(xlwings.server.custom_scripts_call(main, script, typehint_to_value={xw.Book: book}))
    out[script] = [a["args"][0] for a in book.json()["actions"] if a["func"] == "alert"]
out["loaded"] = sorted(blocked & set(sys.modules))
print(json.dumps(out))
'''


def not_installable_modules() -> list[str]:
    """Top-level modules of this environment's distributions that Pyodide cannot install."""
    modules = []
    for module, distributions in metadata.packages_distributions().items():
        if any(uninstallable([d]) for d in distributions if canonicalize_name(d) not in {"sicxl"}):
            modules.append(module)
    return modules


def test_lite_runs_with_only_what_pyodide_installs():
    blocked = not_installable_modules()
    assert {"rapidfuzz", "zlib_ng"} <= set(blocked)
    done = subprocess.run([sys.executable, "-c", LITE_RUN, json.dumps(blocked)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.splitlines()[-1])
    assert out["loaded"] == []
    assert out["score"][0] == ["Score"] and all(isinstance(row[0], int) for row in out["score"][1:])
    assert "cellules écrites" in out["run_score"][0]
    refusal = out["run_dedupe"][0]
    assert refusal.startswith("Le traitement n'a pas pu aboutir : la recherche des doublons n'est pas disponible")
    assert "rapidfuzz" not in refusal and "Error" not in refusal
