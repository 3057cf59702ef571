"""A held-out evaluation set: values from generators we did not write, in varied carriers."""
