"""Every setting in one place: environment variables with safe local defaults."""

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _env(name: str, default: str) -> str:
    return os.environ.get(f"STODKOLLEN_{name}", default)


@dataclass(frozen=True)
class Settings:
    host: str = field(default_factory=lambda: _env("HOST", "127.0.0.1"))
    service_port: int = field(default_factory=lambda: int(_env("SERVICE_PORT", "8000")))
    rasa_port: int = field(default_factory=lambda: int(_env("RASA_PORT", "5005")))
    actions_port: int = field(default_factory=lambda: int(_env("ACTIONS_PORT", "5055")))
    # Rasa's HTTP API and the action server listen on localhost only.
    internal_host: str = "127.0.0.1"
    data_dir: Path = field(default_factory=lambda: Path(_env("DATA_DIR", str(ROOT / "data"))))
    bot_dir: Path = ROOT / "bot"
    model_dir: Path = field(default_factory=lambda: Path(_env("MODEL_DIR", str(ROOT / "bot" / "models"))))
    # Rasa's tracker store: SQLite under data_dir by default; a SQLAlchemy URL for PostgreSQL
    # (postgresql://user:password@host/db) when one machine is not enough.
    tracker_store_url: str = field(default_factory=lambda: _env("TRACKER_STORE_URL", ""))
    default_language: str = field(default_factory=lambda: _env("LANGUAGE", "sv"))

    @property
    def rasa_url(self) -> str:
        return f"http://{self.internal_host}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{self.internal_host}:{self.actions_port}/webhook"

    @property
    def service_url(self) -> str:
        return f"http://{self.host}:{self.service_port}"

    @property
    def nlg_url(self) -> str:
        return f"http://{self.internal_host}:{self.service_port}/nlg"


def settings() -> Settings:
    return Settings()
