"""The words-of-estimative-probability scale and plain "will"."""
from analysis.forecasts import scale


def test_plain_will_is_the_bare_auxiliary():
    assert scale.is_plain_will(["will"]) and scale.is_plain_will(["will not"]) and scale.is_plain_will(["won’t"])
    assert scale.is_plain_will("would")
    assert not scale.is_plain_will(["will probably"])
    assert not scale.is_plain_will(["convinced", "would"])
    assert not scale.is_plain_will(["cannot and will not"])


def test_probability_follows_the_band_midpoints():
    assert scale.probability_for("almost certain") == 0.97
    assert scale.probability_for("unlikely", negated=True) == 0.675
    assert list(scale.BANDS.values()) == [0.97, 0.875, 0.675, 0.5, 0.325, 0.125, 0.03]
