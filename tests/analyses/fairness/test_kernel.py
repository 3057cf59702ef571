"""In a real kernel (nbclient): results display as HTML with plots plus our JSON mime types."""

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::RuntimeWarning"),
]

SETUP = """
import warnings; warnings.simplefilter("ignore")
import secure_check
from secure_check.analyses.data import load_demo_credit
from sklearn.compose import make_column_selector, make_column_transformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder
X, y, sensitive = load_demo_credit()
pre = make_column_transformer(
    (OneHotEncoder(handle_unknown="ignore"), make_column_selector(dtype_include=object)),
    remainder="passthrough")
model = make_pipeline(pre, RandomForestClassifier(n_estimators=20, max_depth=5, random_state=0))
model.fit(X, y)
"""


def test_results_render_in_a_kernel(tmp_path):
    # Given a notebook that runs both analyses on the demo data
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(SETUP),
        nbformat.v4.new_code_cell(
            "secure_check.fairness(model, X, y, sensitive_features=sensitive, n_boot=50)"
        ),
        nbformat.v4.new_code_cell(
            "secure_check.explain(model, X, sensitive_features=sensitive, max_rows=100)"
        ),
    ]
    # When it runs in a fresh kernel
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    # Then each result is one display with HTML, embedded PNGs and our JSON
    fair = nb.cells[1].outputs[-1]["data"]
    assert "application/vnd.secure-check.fairness+json" in fair
    assert "data:image/png;base64," in fair["text/html"]
    assert fair["application/vnd.secure-check.fairness+json"]["meta"]["n_rows"] == 2380
    outputs = nb.cells[2].outputs
    expl = outputs[-1]["data"]
    assert "application/vnd.secure-check.explanation+json" in expl
    assert list(expl["application/vnd.secure-check.explanation+json"]["importance"])
    # And the SHAP progress bar was shown while it ran (a tqdm widget or text bar)
    shown = [o for o in outputs[:-1] if o.get("output_type") in ("display_data", "stream")]
    assert shown, "no progress output from the explain cell"
