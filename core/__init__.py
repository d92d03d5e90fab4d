"""Bokvar's domain, Flask-free: typed models, the field spec, access rules, limits.

Imported by `sync/` (the protocol) and `webapp/` (the Flask app); imports
neither, and never Flask (import-linter contracts in `make lint`).
"""
