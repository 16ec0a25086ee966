"""The package installs: the wheel built from the checkout, unpacked away from it, evaluates the
README's facts to 166 667 kr with every module of ours and every data file taken from the wheel.

The wheel goes onto the path of this venv's Python (`--no-deps`: Rasa, TensorFlow and the rest are
already here and never reinstalled). An audit hook in the child process records every file it
opens, so a module that still reads the checkout by path fails the test.
"""

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUR_PACKAGES = ("stodkollen", "rules_engine", "quantities", "swedish_quantities", "english_quantities",
                "actions",
                "service", "phone_channel", "workbench")
# What the wheel must carry besides modules: one sample of each kind of package data.
DATA_FILES = (
    "stodkollen/core/data/municipalities.csv",
    "stodkollen/core/locales/sv/LC_MESSAGES/messages.mo",
    "stodkollen/core/locales/en/LC_MESSAGES/messages.po",
    "rules_engine/rulesets/rsp-vasterbotten-2018.yaml",
    "rules_engine/parameters/prisbasbelopp.yaml",
    "rules_engine/data/service_plans.yaml",
    "swedish_quantities/data/localities.yaml",
    "service/templates/nlg/result.md.j2",
    "service/nlg/responses.yml",
    "service/widget/stodkollen-widget.js",
    "workbench/scenarios/01-lanthandel-inland-sorsele.yaml",
    "workbench/templates/report.html",
    "actions/choice_words.yml",
)
# Runs in the child: the console script as the wheel declares it, the opened files and the
# modules' origins written where the test reads them.
DRIVER = """
import atexit, json, sys
opened = set()
sys.addaudithook(lambda event, args: opened.add(str(args[0]))
                 if event == "open" and isinstance(args[0], str) else None)
report, facts, entry_points = sys.argv[1:4]

def write_report():
    modules = {name: getattr(module, "__file__", None) for name, module in list(sys.modules.items())}
    with open(report, "w", encoding="utf-8") as file:
        json.dump({"opened": sorted(opened), "modules": modules}, file)

atexit.register(write_report)
entry = next(line.split("=", 1)[1].strip() for line in open(entry_points, encoding="utf-8")
             if line.startswith("stodkollen ="))
module, _, function = entry.partition(":")
sys.exit(getattr(__import__(module, fromlist=[function]), function)(["evaluate", facts]))
"""


def _checkout_copy(target: Path) -> None:
    """The files git knows (tracked, or new and not ignored): no venv, model or build left-overs."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    paths = [name for name in listed if name and ((ROOT / name).is_symlink() or (ROOT / name).is_file())]
    assert "pyproject.toml" in paths
    for name in paths:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name, follow_symlinks=False)


def _readme_facts() -> dict:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    after = readme.split("A minimal facts file:", 1)[1]
    return json.loads(re.search(r"```json\n(.*?)```", after, re.S).group(1))


def test_the_wheel_evaluates_the_readme_facts_on_its_own(tmp_path):
    source, dist, site = tmp_path / "source", tmp_path / "dist", tmp_path / "site"
    _checkout_copy(source)
    # `make locales`: the wheel ships compiled catalogs.
    subprocess.run([sys.executable, "-m", "stodkollen.catalogs", "compile"], cwd=source, check=True,
                   capture_output=True)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                    "--wheel-dir", str(dist), str(source)], check=True, capture_output=True)
    [wheel] = dist.glob("stodkollen-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(site)
    missing = [name for name in DATA_FILES if name not in names]
    assert missing == []
    [entry_points] = site.glob("stodkollen-*.dist-info/entry_points.txt")

    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(_readme_facts()), encoding="utf-8")
    report = tmp_path / "report.json"
    run = subprocess.run([sys.executable, "-c", DRIVER, str(report), str(facts), str(entry_points)],
                         cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    [driftstod] = [result for result in json.loads(run.stdout)["results"]
                   if result["support"] == "sarskilt_driftstod"]
    assert driftstod["amount_sek"] == 166667
    assert re.search(r"166\u00a0667\u00a0kr|166 667 kr", run.stdout)

    seen = json.loads(report.read_text(encoding="utf-8"))
    ours = {name: path for name, path in seen["modules"].items() if name.split(".")[0] in OUR_PACKAGES}
    assert {"stodkollen.cli", "rules_engine", "stodkollen.core.i18n", "rules_engine.places"} <= set(ours)
    outside = {name: path for name, path in ours.items()
               if path is None or not Path(path).resolve().is_relative_to(site.resolve())}
    assert outside == {}
    venv = Path(sys.prefix).resolve()  # the installed dependencies (.venv may sit in the checkout)
    read_from_checkout = [path for path in seen["opened"] if Path(path).resolve().is_relative_to(ROOT)
                          and not Path(path).resolve().is_relative_to(venv)]
    assert read_from_checkout == []
    read_from_wheel = {Path(path).resolve().relative_to(site.resolve()).as_posix() for path in seen["opened"]
                       if Path(path).resolve().is_relative_to(site.resolve())}
    assert {"rules_engine/rulesets/rsp-vasterbotten-2018.yaml",
            "stodkollen/core/data/municipalities.csv"} <= read_from_wheel
