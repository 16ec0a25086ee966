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
from .settings import settings


def main() -> None:
    process, *arguments = sys.argv[1:]
    sys.argv = [sys.argv[0], process, "rasa", *arguments, "--auth-token", settings().internal_token]
    logged.main()


if __name__ == "__main__":
    main()
