"""The HTML report renders in headless Chromium (screenshot kept) and prints to PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "card"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed"),
]


def _chromium(tmp_path, *args):
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           f"--user-data-dir={tmp_path / 'profile'}", *args]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, timeout=90, check=False)


def test_html_report_renders_in_headless_chromium(signed_card, tmp_path):
    # Given the card's self-contained HTML
    html = signed_card["card"].paths["html"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    png = ARTIFACTS / "model-card.png"
    png.unlink(missing_ok=True)
    # When Chromium renders it to a screenshot
    _chromium(tmp_path, "--window-size=1100,2400", f"--screenshot={png}", html.as_uri())
    # Then the PNG shows a real page: text and plots, not a blank or an error page
    from matplotlib.image import imread

    pixels = imread(png)
    assert pixels.shape[:2] == (2400, 1100)
    colours = pixels[..., :3].reshape(-1, 3)
    assert colours.std() > 0.05  # text, tables and bars, not an empty page
    assert (abs(colours - colours.mean(0)).sum(1) > 0.5).mean() > 0.001  # dark text present


def test_html_report_prints_to_a_multi_page_pdf(signed_card, tmp_path):
    # Given the HTML report
    html = signed_card["card"].paths["html"]
    pdf = ARTIFACTS / "model-card.pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf.unlink(missing_ok=True)
    # When Chromium prints it
    _chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.as_uri())
    # Then a PDF of several pages comes out (print CSS keeps tables and figures whole)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 2
