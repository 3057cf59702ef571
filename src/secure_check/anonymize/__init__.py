"""Anonymisation engine: keyed hashing, masking, generalisation, k-anonymity, pseudonym key."""
