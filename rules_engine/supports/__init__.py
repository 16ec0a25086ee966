"""One module per support's logic, each with its SUPPORT name, PERIOD and `evaluate(ctx)`.

A ruleset names the modules it runs (`supports:` in rules_engine/rulesets/*.yaml), in the order
results are given (docs/rules.md, Output): a later programme may decide a support differently by
adding a module here and naming it in its own ruleset, while the older years keep their logic.
"""

import importlib
from functools import cache


@cache
def support_modules(names: tuple[str, ...]) -> tuple:
    return tuple(importlib.import_module(f"{__name__}.{name}") for name in names)
