"""Every setting in one place: environment variables with safe local defaults."""

import contextlib
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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
    # Application drafts (service/drafts): a SQLite file under data_dir unless a path is given.
    drafts_db_path: str = field(default_factory=lambda: _env("DRAFTS_DB", ""))
    draft_retention_days: int = field(default_factory=lambda: int(_env("DRAFT_RETENTION_DAYS", "30")))
    # A cap on the drafts' SQLite file in MB (0: none), so that a flood of drafts fills it and
    # not the disk Rasa's tracker store needs; past it new drafts are refused with a message.
    drafts_db_max_mb: int = field(default_factory=lambda: int(_env("DRAFTS_DB_MAX_MB", "0")))
    # The address users reach the service at, for the links we hand out (behind a proxy:
    # https://stodkollen.example.se); the local service address by default.
    public_url_setting: str = field(default_factory=lambda: _env("PUBLIC_URL", ""))
    # Browser origins allowed to call the API (the web widget on another site), comma-separated.
    cors_origins: tuple[str, ...] = field(default_factory=lambda: tuple(
        origin.strip() for origin in _env("CORS_ORIGINS", "").split(",") if origin.strip()))
    # The caseworker pages: HTTP Basic with this user and a PBKDF2 hash made by
    # `stodkollen caseworker-password`; no hash, no access. Behind the county's SSO proxy,
    # the header the proxy sets to the signed-in user (docs: service/README.md).
    caseworker_user: str = field(default_factory=lambda: _env("CASEWORKER_USER", "handlaggare"))
    caseworker_password_hash: str = field(default_factory=lambda: _env("CASEWORKER_PASSWORD_HASH", ""))
    caseworker_sso_header: str = field(default_factory=lambda: _env("CASEWORKER_SSO_HEADER", ""))
    # A caseworker's sign-in ends after this many minutes without a request, and after this many
    # hours whatever happens (service/sessions.py); failed sign-ins allowed per client and minute.
    caseworker_session_minutes: int = field(default_factory=lambda: int(
        _env("CASEWORKER_SESSION_MINUTES", "60")))
    caseworker_session_max_hours: int = field(default_factory=lambda: int(
        _env("CASEWORKER_SESSION_MAX_HOURS", "8")))
    caseworker_login_failures_per_minute: int = field(default_factory=lambda: int(
        _env("CASEWORKER_LOGIN_FAILURES_PER_MINUTE", "10")))
    # Where the applicant continues; the draft page links here.
    min_ansokan_url: str = field(default_factory=lambda: _env(
        "MIN_ANSOKAN_URL", "https://www.minansokan.se"))
    internal_token_setting: str = field(default_factory=lambda: _env("INTERNAL_TOKEN", ""))
    # The phone assistant keeps a caller's number only as an HMAC with this secret, so that a
    # call back finds its conversation (service/phone); unless given, one is made per data folder.
    phone_caller_salt_setting: str = field(default_factory=lambda: _env("PHONE_CALLER_SALT", ""))
    # The telephony platform's secret for POST /api/v1/phone (header X-Phone-Platform-Token): a
    # caller's number resumes their conversation, so only the platform may say who is calling.
    phone_platform_token_setting: str = field(default_factory=lambda: _env("PHONE_PLATFORM_TOKEN", ""))
    # The phone's limits (service/phone, README's phone section): wrong resume codes from one
    # number before resuming is locked for that number, and for how many minutes; reprompts of
    # one question (silence or an answer that cannot be read) before a person is offered, and
    # the reprompt after which the call is transferred; the county's telephone hours for a
    # transfer ("mon-fri 08:00-16:00", Europe/Stockholm; outside them the call ends with the number).
    phone_code_attempts: int = field(default_factory=lambda: int(_env("PHONE_CODE_ATTEMPTS", "3")))
    phone_code_lock_minutes: int = field(default_factory=lambda: int(_env("PHONE_CODE_LOCK_MINUTES", "60")))
    phone_reprompts_before_offer: int = field(default_factory=lambda: int(
        _env("PHONE_REPROMPTS_BEFORE_OFFER", "2")))
    phone_reprompts_before_transfer: int = field(default_factory=lambda: int(
        _env("PHONE_REPROMPTS_BEFORE_TRANSFER", "3")))
    phone_telephone_hours: str = field(
        default_factory=lambda: _env("PHONE_TELEPHONE_HOURS", "mon-fri 08:00-16:00"))
    # A draft's link token is an HMAC of a random value kept with the draft, with this key (kept
    # apart from the drafts), so that asking again gives the same link; one per data folder unless given.
    draft_link_key_setting: str = field(default_factory=lambda: _env("DRAFT_LINK_KEY", ""))
    # The processes' logs (stodkollen/log_files.py): rotated at this size or after a day, and
    # rotated files removed after this many days.
    log_max_mb: int = field(default_factory=lambda: int(_env("LOG_MAX_MB", "20")))
    log_keep_days: int = field(default_factory=lambda: int(_env("LOG_KEEP_DAYS", "14")))
    # Requests per minute and client on the public chat and evaluate routes; 0 turns a limit off
    # (service/ratelimit.py). A person typing sends a few a minute; these leave room for buttons.
    rate_limit_chat_per_minute: int = field(default_factory=lambda: int(
        _env("RATE_LIMIT_CHAT_PER_MINUTE", "60")))
    rate_limit_evaluate_per_minute: int = field(default_factory=lambda: int(
        _env("RATE_LIMIT_EVALUATE_PER_MINUTE", "120")))
    # Reverse proxies whose X-Forwarded-For names the client (addresses or networks, comma- or
    # space-separated); none by default (service/client_address.py). Rate limits and the
    # caseworker's sign-in lockout count per client.
    trusted_proxies: tuple[str, ...] = field(default_factory=lambda: tuple(
        proxy for proxy in _env("TRUSTED_PROXIES", "").replace(",", " ").split() if proxy))
    # The largest request body read, in kB (service/request_body.py); larger ones get 413 unread.
    max_body_kb: int = field(default_factory=lambda: int(_env("MAX_BODY_KB", "64")))
    # Who may show our pages in a frame (the counties' sites embedding the widget), space- or
    # comma-separated CSP sources; our own origin only by default.
    frame_ancestors: tuple[str, ...] = field(default_factory=lambda: tuple(
        source for source in _env("FRAME_ANCESTORS", "'self'").replace(",", " ").split() if source))
    # Scale-out (service/README.md, "Production topology"): how many Rasa servers the stack
    # starts (on rasa_port, rasa_port + 1, …) and the service takes turns between, or the
    # servers' addresses when they run elsewhere; Rasa's lock store (redis://host:port/db), which
    # more than one Rasa needs; the drafts in PostgreSQL (postgresql://user:password@host/db).
    rasa_instances: int = field(default_factory=lambda: int(_env("RASA_INSTANCES", "1")))
    rasa_urls_setting: tuple[str, ...] = field(default_factory=lambda: tuple(
        url.strip().rstrip("/") for url in _env("RASA_URLS", "").split(",") if url.strip()))
    lock_store_url: str = field(default_factory=lambda: _env("LOCK_STORE_URL", ""))
    drafts_db_url: str = field(default_factory=lambda: _env("DRAFTS_DB_URL", ""))

    @property
    def rasa_url(self) -> str:
        return f"http://{self.internal_host}:{self.rasa_port}"

    @property
    def rasa_urls(self) -> tuple[str, ...]:
        """Every Rasa server the service sends turns to, in turn."""
        if self.rasa_urls_setting:
            return self.rasa_urls_setting
        return tuple(f"http://{self.internal_host}:{self.rasa_port + number}"
                     for number in range(max(1, self.rasa_instances)))

    @property
    def actions_url(self) -> str:
        return f"http://{self.internal_host}:{self.actions_port}/webhook"

    @property
    def service_url(self) -> str:
        return f"http://{self.host}:{self.service_port}"

    @property
    def nlg_url(self) -> str:
        return f"http://{self.internal_host}:{self.service_port}/nlg"

    @property
    def drafts_api_url(self) -> str:
        """Where the action server creates drafts."""
        return f"http://{self.internal_host}:{self.service_port}/api/v1/drafts"

    @property
    def public_url(self) -> str:
        return (self.public_url_setting or self.service_url).rstrip("/")

    @property
    def drafts_db(self) -> Path:
        return Path(self.drafts_db_path) if self.drafts_db_path else self.data_dir / "stodkollen.sqlite"

    @property
    def caseworker_sessions_db(self) -> Path:
        return self.data_dir / "caseworker_sessions.sqlite"

    @property
    def workbench_db(self) -> Path:
        """The scenario workbench's library and training sessions (service/workbench)."""
        return self.data_dir / "workbench.sqlite"

    @property
    def tracker_db(self) -> Path:
        """Rasa's SQLite tracker store when no tracker_store_url is set."""
        return self.data_dir / "rasa_tracker.sqlite"

    @property
    def tracker_sqlalchemy_url(self) -> str:
        return self.tracker_store_url or f"sqlite:///{self.tracker_db.resolve()}"

    @property
    def internal_token(self) -> str:
        """The secret the action server shows the service to create drafts. Unless given, one
        is made once per data folder and kept there, so that processes on one machine agree."""
        return self.internal_token_setting or _kept_secret(self.data_dir / "internal_token")

    @property
    def draft_link_key(self) -> str:
        return self.draft_link_key_setting or _kept_secret(self.data_dir / "draft_link_key")

    @property
    def phone_caller_salt(self) -> str:
        return self.phone_caller_salt_setting or _kept_secret(self.data_dir / "phone_caller_salt")

    @property
    def phone_platform_token(self) -> str:
        return self.phone_platform_token_setting or _kept_secret(self.data_dir / "phone_platform_token")

    @property
    def phone_platform_key_file(self) -> Path:
        """Where the key is kept when no variable sets it; made here if it is not there yet, so
        that the file is there when `stodkollen run` tells the platform's admin to read it."""
        path = self.data_dir / "phone_platform_token"
        _kept_secret(path)
        return path

    @property
    def restarts_file(self) -> Path:
        """How often `stodkollen run` started each process again (stodkollen/stack.py), for /metrics."""
        return self.data_dir / "restarts.json"

    @property
    def phone_calls_db(self) -> Path:
        """Which conversation a caller (by the salted hash of the number) and a call belong to."""
        return self.data_dir / "phone_calls.sqlite"

    def as_environment(self) -> dict[str, str]:
        """These settings as the environment variables that give them back, for the processes
        a Stack starts (so that each reads the same data folder and ports)."""
        return {"STODKOLLEN_HOST": self.host, "STODKOLLEN_SERVICE_PORT": str(self.service_port),
                "STODKOLLEN_RASA_PORT": str(self.rasa_port),
                "STODKOLLEN_ACTIONS_PORT": str(self.actions_port),
                "STODKOLLEN_DATA_DIR": str(self.data_dir), "STODKOLLEN_MODEL_DIR": str(self.model_dir),
                "STODKOLLEN_TRACKER_STORE_URL": self.tracker_store_url,
                "STODKOLLEN_RATE_LIMIT_CHAT_PER_MINUTE": str(self.rate_limit_chat_per_minute),
                "STODKOLLEN_RATE_LIMIT_EVALUATE_PER_MINUTE": str(self.rate_limit_evaluate_per_minute),
                "STODKOLLEN_FRAME_ANCESTORS": " ".join(self.frame_ancestors),
                "STODKOLLEN_TRUSTED_PROXIES": " ".join(self.trusted_proxies),
                "STODKOLLEN_MAX_BODY_KB": str(self.max_body_kb),
                "STODKOLLEN_RASA_INSTANCES": str(self.rasa_instances),
                "STODKOLLEN_RASA_URLS": ",".join(self.rasa_urls_setting),
                "STODKOLLEN_LOCK_STORE_URL": self.lock_store_url,
                "STODKOLLEN_DRAFTS_DB_URL": self.drafts_db_url,
                "STODKOLLEN_DRAFTS_DB_MAX_MB": str(self.drafts_db_max_mb),
                "STODKOLLEN_LANGUAGE": self.default_language}


def _kept_secret(path: Path) -> str:
    """A random secret made once and kept in `path` (readable by its owner only), so that
    the processes on one machine agree on it."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # A draft of this call's own: the service's threads can all ask at once for a secret not
        # yet made (the first drafts after a fresh start), and a name per process was shared
        # by them, one thread then unlinking the draft another was about to link.
        draft = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(8)}")
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
            file.write(secrets.token_urlsafe(32))
        try:
            # Atomic: if another process got there first, theirs stands.
            with contextlib.suppress(FileExistsError):
                os.link(draft, path)
        finally:
            draft.unlink()
    return path.read_text(encoding="utf-8").strip()


def settings() -> Settings:
    return Settings()
