"""The service's subcommands of `stodkollen` (stodkollen/cli.py registers them here).

Handlers import what they need when they run, so `stodkollen --help` stays quick.
"""


def purge_drafts(args) -> int:
    from .drafts.retention import purge_drafts_command

    return purge_drafts_command(args)


def caseworker_password(args) -> int:
    from .caseworkers import caseworker_password_command

    return caseworker_password_command(args)


def register(commands) -> None:
    """Add `purge-drafts` and `caseworker-password` to the CLI's subparsers."""
    purge = commands.add_parser("purge-drafts",
                                help="delete expired application drafts and the conversations behind them")
    purge.set_defaults(handler=purge_drafts)
    password = commands.add_parser("caseworker-password",
                                   help="hash a password for the caseworker pages "
                                        "(STODKOLLEN_CASEWORKER_PASSWORD_HASH)")
    password.set_defaults(handler=caseworker_password)
