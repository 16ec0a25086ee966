"""What a server made while starting, left out of the garbage collector's full passes.

A server process imports its libraries and loads its model once, and those objects live as long
as the process. Python's collector still walks every one of them in each full (generation 2)
pass, and nothing else runs in the process meanwhile. Under issue 18's load (20 shop owners,
no waiting, 2026-12-07, timed with `gc.callbacks`) a full pass took 300–350 ms in Rasa
(TensorFlow, scikit-learn, spaCy) and about 120 ms in the service, each three times in 30 s:
every turn waiting in the single event loop paid it. `gc.freeze()` moves them to a generation
the collector never walks, so a full pass walks only what was made since.
"""

import gc


def freeze_what_startup_made() -> None:
    """Call once the server is ready to answer. Only the first call in a process freezes: a later
    one (tests start app after app in one process) would keep that moment's objects for good."""
    if gc.get_freeze_count():
        return
    gc.collect()  # the start's garbage goes first: frozen, it would never be freed
    gc.freeze()
