"""The layers point one way, and each package reads only its own files and the core's.

The contracts themselves are in pyproject.toml ([tool.importlinter]); `lint-imports` follows
indirect imports too, so a lower layer cannot reach a higher one through a third module.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
# The packages that may read data files only inside themselves: a path from `__file__` that climbs
# out of the package (parents[n], .parent.parent) reads another package's files.
SELF_CONTAINED = ("rules_engine", "quantities", "swedish_quantities", "english_quantities", "stodkollen/core")
# settings.py's ROOT is the checkout the application runs from (bot/, data/), not a data file.
CLIMBING_ALLOWED = {"stodkollen/core/settings.py"}
CLIMBS = re.compile(r"__file__\)(?:\.resolve\(\))?\.(?:parents\[|parent\.parent)")


def test_import_contracts_are_kept():
    done = subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    # A new module of stodkollen/ is named in a layer of pyproject.toml's [tool.importlinter].
    assert done.returncode == 0, done.stdout + done.stderr
    kept = re.search(r"Contracts: (\d+) kept, 0 broken", done.stdout)
    assert kept and int(kept.group(1)) >= 3, done.stdout


def _sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", SELF_CONTAINED)
def test_packages_read_only_their_own_files(package):
    sources = _sources(package)
    assert sources, package
    climbing = [f"{path.relative_to(ROOT)}:{number}"
                for path in sources if str(path.relative_to(ROOT)) not in CLIMBING_ALLOWED
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if CLIMBS.search(line) or "../" in line]
    assert climbing == []
