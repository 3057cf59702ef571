"""The result displays as text, HTML with the trade-off plot, and the JSON the panel renders."""

import base64
import io
import json


def test_the_rich_display_shows_the_recommendation_and_the_trade_off_plot(mitigated):
    # Given the result's MIME bundle
    bundle = mitigated._repr_mimebundle_()
    data = bundle["application/vnd.secure-check.mitigation+json"]
    # Then the text and HTML lead with the recommendation
    assert "Recommendation: " + mitigated.recommendation["text"] in bundle["text/plain"]
    assert "<b>Recommendation:</b>" in bundle["text/html"]
    # and the HTML embeds the trade-off plot the JSON carries, a real PNG
    uri = data["plots"]["trade-off"]
    assert uri in bundle["text/html"]
    png = base64.b64decode(uri.split(",", 1)[1])
    assert png.startswith(b"\x89PNG")
    from matplotlib.image import imread

    assert imread(io.BytesIO(png)).shape[0] >= 300
    # and the JSON is plain JSON, one candidate per method, the original first
    json.dumps(data, allow_nan=False)
    methods = [c["method"] for c in data["candidates"]]
    assert methods == ["original", *mitigated.estimators]
    assert data["meta"]["held_out"] == "the test split you gave"
