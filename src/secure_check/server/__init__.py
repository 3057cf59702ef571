"""Jupyter server extension: REST routes under /secure-check/ over the scanning engine."""
