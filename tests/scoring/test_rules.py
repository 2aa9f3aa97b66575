import pytest
from hypothesis import given, strategies as st

from tinnhiem.scoring import rules


@pytest.mark.parametrize(
    "k,n,expected",
    [
        (0, 0, 0.05),  # no data: the prior itself
        (0, 1, 0.5 / 11),  # 0 of 1 is not a perfect record ...
        (1, 1, 1.5 / 11),  # ... and 1 of 1 is not a catastrophe
        (10, 100, 10.5 / 110),
    ],
)
def test_shrunk_rate_pulls_small_samples_toward_prior(k, n, expected):
    assert rules.shrunk_rate(k, n, 0.05, 10) == pytest.approx(expected)


def test_shrunk_rate_rejects_impossible_counts():
    with pytest.raises(ValueError):
        rules.shrunk_rate(3, 2, 0.1, 5)


@given(st.integers(0, 500), st.integers(0, 500), st.floats(0.001, 0.5), st.floats(1, 100))
def test_interval_contains_posterior_mean(k, extra, mean, strength):
    n = k + extra
    lo, hi = rules.beta_interval(k, n, mean, strength)
    r = rules.shrunk_rate(k, n, mean, strength)
    assert 0 <= lo <= r <= hi <= 1


def test_interval_narrows_with_more_data():
    lo1, hi1 = rules.beta_interval(1, 10, 0.05, 10)
    lo2, hi2 = rules.beta_interval(10, 100, 0.05, 10)
    assert hi2 - lo2 < hi1 - lo1


@pytest.mark.parametrize("rate,expected", [(0, 25), (0.25, 12.5), (0.5, 0), (0.9, 0)])
def test_rate_to_points_is_linear_until_saturation(rate, expected):
    assert rules.rate_to_points(rate, 25, 0.5) == pytest.approx(expected)


def test_split_points_is_proportional_and_complete():
    shares = rules.split_points(9, {"b": 2, "a": 1})
    assert shares == pytest.approx({"a": 3, "b": 6})
    assert rules.split_points(5, {"a": 0}) == {"a": 0.0}


@pytest.mark.parametrize("value,label", [(95, "A"), (85, "A"), (84.99, "B"), (0, "D")])
def test_band(value, label):
    assert rules.band(value, [(85, "A"), (70, "B"), (50, "C"), (0, "D")]) == label


@pytest.mark.parametrize("rate,expected", [(0.0, 9), (0.15, 9), (0.325, 4.5), (0.5, 0), (0.8, 0)])
def test_rate_to_points_forgives_the_normal_share(rate, expected):
    assert rules.rate_to_points(rate, 9, 0.5, tolerance=0.15) == pytest.approx(expected)


@pytest.mark.parametrize("tolerance", [0.5, 0.6, -0.1])
def test_rate_to_points_rejects_tolerance_at_or_above_saturation(tolerance):
    with pytest.raises(ValueError):
        rules.rate_to_points(0.1, 9, 0.5, tolerance=tolerance)


def test_count_rate_uses_the_prior_as_a_floor_on_exposure():
    # one complaint on 2,000 followers (0.02 units) is judged as if on 2.02 units ...
    assert rules.shrunk_count_rate(1, 0.02, 0.05, 2) == pytest.approx(1.1 / 2.02)
    # ... while a big audience is judged on its own numbers
    assert rules.shrunk_count_rate(10, 50, 0.05, 2) == pytest.approx(10.1 / 52)
    assert rules.shrunk_count_rate(0, 0, 0.05, 2) == pytest.approx(0.05)


def test_count_rate_rejects_impossible_inputs():
    with pytest.raises(ValueError):
        rules.shrunk_count_rate(1, -1, 0.05, 2)


@given(st.integers(0, 50), st.floats(0, 500), st.floats(0.001, 1), st.floats(0.1, 10))
def test_gamma_interval_contains_posterior_mean(k, exposure, mean, strength):
    lo, hi = rules.gamma_interval(k, exposure, mean, strength)
    r = rules.shrunk_count_rate(k, exposure, mean, strength)
    assert 0 <= lo <= r <= hi


def test_gamma_interval_narrows_with_exposure():
    lo1, hi1 = rules.gamma_interval(2, 1, 0.05, 2)
    lo2, hi2 = rules.gamma_interval(20, 10, 0.05, 2)
    assert hi2 - lo2 < hi1 - lo1
