"""Analyzers: text rules (secrets, PII) and model analyses (fairness, explain, robustness)."""
