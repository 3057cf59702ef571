"""Model analyses (fairness, explanations, robustness) and the helpers the three share."""
