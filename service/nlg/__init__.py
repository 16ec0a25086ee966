"""Rasa's NLG endpoint behind the scenes: every response rendered from `locales/` for the
user's channel (web, phone, test) and language."""

from .registry import UnknownResponse
from .render import render_response

__all__ = ["UnknownResponse", "render_response"]
