"""The launcher that adds the internal token to Rasa's arguments (stodkollen/rasa_server.py).

A URL-safe token begins with "-" about once in 64 runs; passed as a word of its own, Rasa's
argument parser took it for an option and the stack did not start (a CI run failed on it).
"""

import pytest
from rasa.__main__ import create_argument_parser

from stodkollen.rasa_server import rasa_arguments


@pytest.mark.parametrize("token", ["-Xq3vR8s_abc", "--looks-like-an-option", "_plain-token", "abc"])
def test_rasa_reads_every_token_as_the_auth_token(token):
    arguments = rasa_arguments(["run", "--enable-api", "--port", "5005"], token)

    parsed = create_argument_parser().parse_args(arguments)

    assert parsed.auth_token == token
    assert parsed.port == 5005
