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
# Secrets in URLs (Rasa's API takes `?token=`) never reach a log.
TOKEN_PARAMETER = re.compile(r"(token=)[^&\s\"']+")


def redact_secrets(text: str) -> str:
    return TOKEN_PARAMETER.sub(r"\1…", text)


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
