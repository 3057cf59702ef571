"""Kernel-side adapters behind the magics: settings, guard, session scan, anonymisation, review."""
