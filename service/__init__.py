"""Stödkollen's web service: the public API (chat, evaluate, rulesets, drafts), the draft
and caseworker pages, and Rasa's NLG endpoint."""
