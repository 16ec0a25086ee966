"""Structured logs: one JSON object per line, from the service, the action server and Rasa alike,
each with the request id of the chat turn it belongs to (the `X-Request-ID` the service made or
was given; Rasa gets it as a header, the action server from the message's metadata).

`logging_config(process)` is a `logging.config.dictConfig` dictionary; stack.py writes it to a
file for uvicorn's `--log-config` and Rasa's `--logging-config-file`.
"""

import json
import logging
import logging.config
import re
import traceback
from contextvars import ContextVar
from datetime import datetime, timezone

# Set per request by the process's own middleware; read by every log line written meanwhile.
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
REQUEST_ID_HEADER = "X-Request-ID"
# What a caller may give as a request id: short and plain, so it cannot forge log lines.
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
# What never reaches a log, whoever writes the line (uvicorn's access log, httpx's requests to
# Rasa, Rasa's own, ours), each kept to its first characters where a reader needs to tell them
# apart, else to "…":
REDACTIONS = (
    # secrets in URLs (Rasa's API takes `?token=`) and secrets in headers or fields written out
    (re.compile(r"((?:token|secret)[\"']?\s*[=:]\s*[\"']?)[^&\s\"',}]+", re.IGNORECASE), r"\1…"),
    # a draft's link token in a path (/utkast/…, /api/v1/drafts/…)
    (re.compile(r"(/(?:utkast|api/v1/drafts)/)[A-Za-z0-9_-]{16,}"), r"\1…"),
    # a conversation's id in Rasa's API paths and in the fields that name it
    (re.compile(r"(/conversations/)[^/\s?\"']+"), r"\1…"),
    (re.compile(r"(sender(?:_id)?[\"']?\s*[=:]\s*[\"']?)[A-Za-z0-9_.:-]+", re.IGNORECASE), r"\1…"),
    # the ids we make: the widget's and the phone's conversations
    (re.compile(r"\b(w-|phone-)[0-9a-f]{24}\b"), r"\1…"),
    # anything shaped like our 256-bit secrets (token_urlsafe(32)) wherever else it stands
    (re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"), "…"),
)


def redact_secrets(text: str) -> str:
    for pattern, replacement in REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(logging.Formatter):
    def __init__(self, process: str = ""):
        super().__init__()
        self.process_name = process

    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created, timezone.utc)
        entry = {"time": when.isoformat(timespec="milliseconds"), "level": record.levelname,
                 "process": self.process_name, "logger": record.name,
                 "message": redact_secrets(record.getMessage())}
        if (current := request_id.get()) is not None:
            entry["request_id"] = current
        if record.exc_info:
            # The kind and where, not the exception's text: that may quote what the user typed.
            kind, _value, trace = record.exc_info
            entry["error"] = kind.__name__ if kind else None
            entry["trace"] = "".join(traceback.format_tb(trace))
        return json.dumps(entry, ensure_ascii=False)


def logging_config(process: str, level: str = "INFO") -> dict:
    """Every logger into one JSON handler on standard output (the stack sends it to a file)."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": f"{__name__}.JsonFormatter", "process": process}},
        "handlers": {"json": handler},
        "root": {"handlers": ["json"], "level": level},
        # uvicorn's and Sanic's own loggers write through the root's handler, not their own.
        "loggers": {name: {"handlers": [], "propagate": True} for name in (
            "uvicorn", "uvicorn.error", "uvicorn.access", "sanic.root", "sanic.error", "sanic.access")},
    }


def configure(process: str, level: str = "INFO") -> None:
    logging.config.dictConfig(logging_config(process, level))
