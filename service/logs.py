"""No personal data in logs: request bodies are never logged, and the access log shows a
draft link's path without its token (the token opens the applicant's details), nor a
conversation's id. The same redaction as every JSON line's (stodkollen/core/jsonlog.py), here
on uvicorn's access log itself, so that it holds also when uvicorn runs without our JSON
logging configuration."""

import logging

from stodkollen.core.jsonlog import redact_secrets as redact


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
