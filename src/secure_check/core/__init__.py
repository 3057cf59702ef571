"""The engine: the wire schema, notebook reading and the scan loop (no tornado, IPython or nbconvert)."""
