"""Text detectors found through the registry: secrets and personal data."""
