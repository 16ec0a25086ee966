"""The Handlardag scenario workbench: scenarios as YAML, runs against the rules engine,
what-if sweeps and charts, and the library report.

Pure Python on top of `rules_engine` (no web framework, no Rasa), so the command line and
the web workbench in the service share every answer.
"""
