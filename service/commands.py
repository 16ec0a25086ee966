"""The service's subcommands of `stodkollen` (stodkollen/cli.py registers them here).

Handlers import what they need when they run, so `stodkollen --help` stays quick.
"""


def purge(args) -> int:
    from .drafts.retention import purge_command

    return purge_command(args)


def forget(args) -> int:
    from .drafts.retention import forget_command

    return forget_command(args)


def caseworker_password(args) -> int:
    from .caseworkers import caseworker_password_command

    return caseworker_password_command(args)


def register(commands) -> None:
    """Add `purge`, `forget` and `caseworker-password` to the CLI's subparsers."""
    purging = commands.add_parser("purge", help="delete expired drafts and conversations 30 days quiet "
                                                "(what the service does daily)")
    purging.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
    purging.set_defaults(handler=purge)
    forgetting = commands.add_parser("forget", help="delete one person's draft and conversation now")
    forgetting.add_argument("who", metavar="REFERENCE|SENDER",
                            help="a draft's reference (SK-2026-000123) or a conversation's id")
    forgetting.set_defaults(handler=forget)
    password = commands.add_parser("caseworker-password",
                                   help="hash a password for the caseworker pages "
                                        "(STODKOLLEN_CASEWORKER_PASSWORD_HASH)")
    password.set_defaults(handler=caseworker_password)
