"""Secrets: detect-secrets' plugins and filters plus our own rules, notebook-aware."""
