"""Stödkollen: shared settings, translations, formatting and the command line."""
