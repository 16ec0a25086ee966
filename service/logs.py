"""No personal data in logs: request bodies are never logged, and the access log shows a
draft link's path without its token (the token opens the applicant's details)."""

import logging
import re

TOKEN_IN_PATH = re.compile(r"(/(?:utkast|api/v1/drafts)/)[A-Za-z0-9_-]{16,}")
REDACTED = r"\1…"


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(REDACTED, text)


class RedactDraftTokens(logging.Filter):
    """uvicorn's access log passes the request line in `args`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in record.args)
        return True


def install() -> None:
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(existing, RedactDraftTokens) for existing in access.filters):
        access.addFilter(RedactDraftTokens())
