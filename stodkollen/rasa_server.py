"""Start a Rasa server with the internal token kept off its command line: `python -m
stodkollen.rasa_server <process> run [rasa arguments…]` (how stack.py starts Rasa).

Rasa takes its API token only as `--auth-token`, and a command line is readable by every user
of the machine (`ps`, /proc/<pid>/cmdline). This launcher reads the token from the settings
(the environment variable STODKOLLEN_INTERNAL_TOKEN, which only the process's owner can read,
or the data folder's own file) and adds it to Rasa's arguments inside the process, where the
operating system's copy of the command line no longer changes.
"""

import sys

from . import logged
from .core.settings import settings


def rasa_arguments(arguments: list[str], token: str) -> list[str]:
    # One word, `--auth-token=…`: a URL-safe token may begin with "-", and argparse would take
    # a separate "-…" word for an option of its own and stop Rasa with a usage error.
    return [*arguments, f"--auth-token={token}"]


def main() -> None:
    process, *arguments = sys.argv[1:]
    sys.argv = [sys.argv[0], process, "rasa", *rasa_arguments(arguments, settings().internal_token)]
    logged.main()


if __name__ == "__main__":
    main()
