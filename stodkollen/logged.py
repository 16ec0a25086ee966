"""Run a Python program with JSON logs from its first line: `python -m stodkollen.logged
<process> <module> [arguments…]` (how stack.py starts Rasa and the action server).

Logging is set up before the program is imported, so that warnings raised while importing it
are JSON lines too (through `logging.captureWarnings`). Rasa would replace the handlers with
coloredlogs' plain text when its command starts; that step is swapped for ours.
"""

import logging
import runpy
import sys

from .core import jsonlog


def main() -> None:
    process, module, *arguments = sys.argv[1:]
    jsonlog.configure(process)
    logging.captureWarnings(True)
    if module == "rasa":
        from . import rasa_speedups, rasa_tracker_errors

        rasa_speedups.install()  # before Rasa is imported (stodkollen/rasa_speedups.py)
        rasa_tracker_errors.install()  # no silent in-memory tracker store (rasa_tracker_errors.py)
        import rasa.core.run
        import rasa.utils.io

        rasa.utils.io.configure_colored_logging = lambda _level: jsonlog.configure(process)
        # rasa.core.run logs its start through a root logger object of its own, which writes
        # plain text past our handler; its module's own logger writes JSON like the rest.
        rasa.core.run.logger = logging.getLogger(rasa.core.run.__name__)
    sys.argv = [module, *arguments]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
