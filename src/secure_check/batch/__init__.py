"""Scanning many files for CI: path collection, process pool, Dask, result cache, git history."""
