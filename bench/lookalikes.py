"""Look-alikes written for bench/ alone, from what real notebooks hold (not from tests/synth_*.py).

The analyzers' own tests use tests/synth_*.py; these are a held-out check that they did not
learn only those lists. Every value here must yield no finding.
"""

from __future__ import annotations

SECRET_LOOKALIKES: list[tuple[str, str]] = [
    ("colab-userdata", "OPENAI_API_KEY = userdata.get('OPENAI_API_KEY')"),
    ("getenv", "HF_TOKEN = os.getenv('HF_TOKEN', None)"),
    ("notebook-login", "from huggingface_hub import notebook_login; notebook_login()"),
    ("x-placeholder-github", 'GITHUB_TOKEN = "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"'),
    ("x-placeholder-aws", "aws_access_key_id = AKIAXXXXXXXXXXXXXXXX"),
    ("angle-placeholder-hf", 'login(token="<YOUR_HF_TOKEN>")'),
    ("ellipsis-key", 'client = OpenAI(api_key="sk-...")'),
    ("empty-password", 'password = ""'),
    ("none-password", "password=None, username=None"),
    ("template-uri", "postgresql://{user}:{password}@{host}:{port}/{dbname}"),
    ("env-uri", "mongodb+srv://$MONGO_USER:$MONGO_PASS@cluster0.mongodb.net/test"),
    ("docker-digest", "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("wandb-run-id", "wandb: Syncing run 3kq9x2mv (https://wandb.ai/team/proj/runs/3kq9x2mv)"),
    (
        "tokenizer-ids",
        "'input_ids': [101, 7592, 1010, 2088, 999, 102], 'token_type_ids': [0, 0, 0]",
    ),
    ("model-revision", "revision='d7ffd8b3f1c7a6b9e5f6a0c2b4d8e1f3a5c7b9d1'"),
    ("tfds-checksum", "Downloading and preparing dataset 11.06 MiB (download: 11.06 MiB)"),
    ("password-field-doc", "password (str, optional): the password used to decrypt the archive."),
    ("keras-layer-name", "dense_1/kernel:0 shape=(512, 256) dtype=float32"),
]

PII_LOOKALIKES: list[tuple[str, str]] = [
    ("isbn", "ISBN 978-3-16-148410-0"),
    ("doi", "doi:10.1038/s41586-021-03819-2"),
    ("arxiv", "arXiv:2106.09685v2"),
    ("epoch-progress", "1875/1875 [==============================] - 12s 6ms/step"),
    ("lat-lon", "37.774929, -122.419416"),
    ("param-count", "Total params: 1,234,567,890"),
    ("scientific", "6.02214076e+23"),
    ("zip-plus-four", "shipping zone 94105-1234"),
    ("cuda-version", "NVIDIA-SMI 535.104.05   Driver Version: 535.104.05   CUDA Version: 12.2"),
    ("python-version", "Python 3.10.12 (main, Nov 20 2023, 15:14:05) [GCC 11.4.0]"),
    ("git-email-placeholder", "git config --global user.email 'you@example.com'"),
    ("pip-build", "Successfully installed transformers-4.36.2 tokenizers-0.15.0"),
    ("matrix-row", "[[ 0.12  -1.34   2.56 ]\n [ 3.1415 -2.7182 1.4142]]"),
    ("date-of-release", "Released on 2023-03-14; see the changelog."),
    ("private-host", "Running on local URL:  http://127.0.0.1:7860"),
]
