"""Stödkollen's web service: Rasa's NLG endpoint now; chat, evaluate and drafts to come."""
