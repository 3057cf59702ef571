"""The engine: wire schema, notebook reading, scan loop (no tornado, IPython or nbconvert)."""
