"""deploy/: the systemd units start what `stodkollen run` starts (Stack.commands), with the
environment it gives (stack._environment), restart like its supervisor and are held to limits.
A drift between the two fails here."""

import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stodkollen.core.settings import ROOT, Settings
from stodkollen.stack import Stack, _environment

DEPLOY = ROOT / "deploy"
INSTALLED = Path("/opt/stodkollen")
PYTHON = INSTALLED / ".venv" / "bin" / "python"
UNITS = {"service": "stodkollen-service.service", "actions": "stodkollen-actions.service",
         "rasa": "stodkollen-rasa.service"}


def environment_file() -> dict[str, str]:
    lines = (DEPLOY / "stodkollen.env").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))


def unit(name: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string((DEPLOY / name).read_text(encoding="utf-8"))
    return parser["Service"]


def test_every_process_has_a_unit():
    assert set(UNITS) == set(Stack(Settings(), Path("logs")).commands())
    assert all((DEPLOY / name).is_file() for name in [*UNITS.values(), "stodkollen.target",
                                                      "stodkollen-prepare.service"])


@pytest.mark.parametrize("process", sorted(UNITS))
def test_a_unit_starts_what_stodkollen_run_starts(process, tmp_path):
    env = {**environment_file(), "STODKOLLEN_DATA_DIR": str(tmp_path),
           "STODKOLLEN_MODEL_DIR": str(tmp_path / "models")}
    settings = Settings(host=env["STODKOLLEN_HOST"], service_port=int(env["STODKOLLEN_SERVICE_PORT"]),
                        rasa_port=int(env["STODKOLLEN_RASA_PORT"]),
                        actions_port=int(env["STODKOLLEN_ACTIONS_PORT"]),
                        data_dir=tmp_path, model_dir=tmp_path / "models")
    service = unit(UNITS[process])
    command = re.sub(r"\$\{(\w+)\}", lambda match: env[match.group(1)], service["ExecStart"]).split()
    started = Stack(settings, tmp_path).commands()[process]
    expected = [str(PYTHON) if word == sys.executable else word for word in started]
    assert command == expected
    directory = Path(service["WorkingDirectory"])
    assert directory == (INSTALLED / "bot" if process == "rasa" else INSTALLED)


def test_the_environment_file_gives_what_stodkollen_run_gives():
    env = environment_file()
    given = _environment(Settings())
    for name in ("SANIC_HOST", "TF_CPP_MIN_LOG_LEVEL", "RASA_TELEMETRY_ENABLED"):
        assert env[name] == given[name], name
    assert env["PYTHONPATH"] == str(INSTALLED)
    assert env["STODKOLLEN_TRUSTED_PROXIES"] == "127.0.0.1"  # the proxy on the same machine


@pytest.mark.parametrize("process", sorted(UNITS))
def test_each_unit_restarts_with_backoff_and_has_limits(process):
    service = unit(UNITS[process])
    assert service["Restart"] == "always" and service["RestartSec"] == "5s"
    assert service["MemoryMax"] and service["MemoryHigh"] and service["TasksMax"]
    assert (service["User"], service["UMask"], service["ProtectSystem"]) == ("stodkollen", "0077", "strict")
    assert service["ReadWritePaths"] == environment_file()["STODKOLLEN_DATA_DIR"]


def test_systemd_accepts_the_units(tmp_path):
    """`systemd-analyze verify` on the units as installed here (this checkout for /opt/stodkollen)."""
    if not shutil.which("systemd-analyze"):
        pytest.skip("no systemd-analyze on this machine")
    names = [*UNITS.values(), "stodkollen-prepare.service", "stodkollen.target"]
    for name in names:
        text = (DEPLOY / name).read_text(encoding="utf-8").replace(str(INSTALLED), str(ROOT))
        (tmp_path / name).write_text(text, encoding="utf-8")
    paths = [str(tmp_path / name) for name in names]
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", *paths], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and not done.stdout.strip() and not done.stderr.strip(), done.stderr
