"""The core every layer may use: settings, translations, Swedish formatting, place names, JSON
logs and the internal token check. It imports nothing of the project above it (the engine, the
understanding layer, the service, the action server, the command line): tests/test_layers.py
holds it to that."""
