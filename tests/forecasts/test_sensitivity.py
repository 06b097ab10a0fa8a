"""The sensitivity table: each scoring choice changed on its own."""
import pandas as pd
import pytest

from analysis import config
from analysis.corpus.load import load_corpus
from analysis.forecasts import ledger, scoring, sensitivity


def toy():
    return pd.DataFrame({
        "source": ["a"] * 5 + ["b"], "type": ["own"] * 5 + ["attributed"], "perspective": ["W"] * 6,
        "hedge_words": [["will"], ["will"], ["likely"], ["could"], ["will not"], ["will"]],
        "scale_term": ["almost certain", "almost certain", "likely", "roughly even chance", "almost certain",
                       "almost certain"],
        "negated": [False] * 6, "probability": [0.97, 0.97, 0.675, 0.5, 0.97, 0.97],
        "resolution": ["yes", "no", "yes", "yes", "yes", "yes"], "o": [1.0, 0.0, 1.0, 1.0, 1.0, 1.0],
        "verdict": ["correct", "wrong", "correct", "correct", "correct", "correct"],
        "outcome_date": ["2010", "2010", "2010", "2010", "2025-12-31", "2010"],
        "horizon": ["2010", "2010", "2010", "2010", "2025-12-31", "2010"], "brier_partly": [0.0] * 6})


def test_will_reading_changes_only_plain_will():
    out = sensitivity.rescore(toy(), will=0.8)
    assert out["probability"].tolist() == [0.8, 0.8, 0.675, 0.5, 0.8, 0.8]
    assert out["brier"].round(4).tolist()[:2] == [0.04, 0.64]


def test_early_cut_off_unresolves_late_outcomes():
    out = sensitivity.rescore(toy(), cutoff="2025-06-30")
    assert out.loc[4, "verdict"] == "not yet resolvable" and pd.isna(out.loc[4, "o"])
    assert out.loc[:3, "verdict"].tolist() == toy().loc[:3, "verdict"].tolist()


def test_scenarios_by_hand():
    long = sensitivity.sensitivity_table(toy())
    main = long[long["scenario"] == "main"].set_index("source")
    # source a: five own claims, all scored: (0.0009 + 0.9409 + 0.105625 + 0.25 + 0.0009) / 5
    assert main.loc["a", "Brier"] == round((0.0009 + 0.9409 + 0.105625 + 0.25 + 0.0009) / 5, 4)
    assert main.loc["a", "rank"] == 1 and "b" not in main.index
    # with 0.5 out of share correct: 3 correct of 4 judged; in: 4 of 5
    assert main.loc["a", "share correct"] == 0.75
    even = long[long["scenario"] == "claims at 0.5 in share correct"].set_index("source")
    assert even.loc["a", "share correct"] == 0.8
    credited = long[long["scenario"] == "attributed claims credited to the quoting source"].set_index("source")
    assert credited.loc["b", "scored"] == 1 and pd.isna(credited.loc["b", "rank"])
    early = long[long["scenario"] == f"record to {config.RECORD_DATE_EARLY}"].set_index("source")
    assert early.loc["a", "scored"] == 4
    assert list(dict.fromkeys(long["scenario"])) == [label for label, _ in sensitivity.scenarios()]


@pytest.fixture(scope="module")
def scored():
    return ledger.scored_ledger(load_corpus(config.ROOT / "seeds"))


def test_real_main_scenario_equals_the_ranking(scored):
    long = sensitivity.sensitivity_table(scored)
    main = long[long["scenario"] == "main"].set_index("source")
    card = scoring.source_ranking(scored, intervals=False)
    assert main["Brier"].to_dict() == card["Brier"].to_dict()
    # Ivanov's own forecasts all resolve at the end of 2025: with the mid-2025 record none is scored
    early = long[long["scenario"] == f"record to {config.RECORD_DATE_EARLY}"].set_index("source")
    assert early.loc["Ivanov 2020", "scored"] == 0 and main.loc["Ivanov 2020", "scored"] == 4
