"""The web workbench's own parts (the pages are service/routers/workbench.py and training.py):
the SQLite store, the facts form, the explained result, YAML exchange and training scores.
Scenarios, runs and charts themselves come from the `workbench` package, shared with the CLI."""
