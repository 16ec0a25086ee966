"""Stödkollen's action server: thin translations between Rasa's tracker and our libraries
(the rules engine and the Swedish understanding layer). No domain logic, no user text."""
