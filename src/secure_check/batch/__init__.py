"""Batch scanning for CI: result cache, Dask clusters, git history, report composition."""
