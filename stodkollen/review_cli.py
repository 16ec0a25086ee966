"""`stodkollen review export [--out DIR]`: the caseworkers' reviewed turns as corpus records.

Writes answers.yml / phone_asr.yml / questions.yml / english.yml in the development corpus's
format (service/review/export.py) into tests/data/reviewed/ unless told otherwise, for the
corpus harness to run as regression cases. Nothing is added to the training data.
"""

import sys
from pathlib import Path

from .core.i18n import N_, translate

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "reviewed"


def export_command(args) -> int:
    from service.review.export import corpus_files, write
    from service.review.store import ReviewStore, review_db

    from .core.settings import settings

    config = settings()
    lang = config.default_language
    path = review_db(config.data_dir)
    if not path.exists():
        print(translate(N_("review.export.nothing"), lang, path=path), file=sys.stderr)
        return 0
    export = corpus_files(ReviewStore(path).reviewed())
    if not export.files:
        print(translate(N_("review.export.nothing"), lang, path=path), file=sys.stderr)
        return 0
    written = write(export, Path(args.out))
    print(translate(N_("review.export.done"), lang, records=export.records,
                    files=", ".join(str(file) for file in written)))
    if export.left_out:
        print(translate(N_("review.export.left_out"), lang, count=export.left_out))
    return 0


def register(commands) -> None:
    review = commands.add_parser("review", help="the caseworkers' review of turns the assistant did not "
                                                "understand")
    actions = review.add_subparsers(dest="review_command", required=True)
    export = actions.add_parser("export", help="write the reviewed turns as corpus records (YAML)")
    export.add_argument("--out", default=str(DEFAULT_OUT), help=f"folder to write to (default {DEFAULT_OUT})")
    export.set_defaults(handler=export_command)
