"""The forward-looking-statement detector on hand-labelled sentences."""
import pandas as pd
import pytest

from analysis.forecasts.detect import ForecastDetector

# (sentence, is a candidate, cue, negation, band, exclusion rule) -- labelled by hand.
LABELLED = [
    ("Russia will not join NATO.", True, "will", "not", "almost certain", ""),
    ("Relations between the two countries will remain adversarial for a long time to come.",
     True, "will", "", "almost certain", ""),
    ("This will probably be seen as a cue for Russia.", True, "will", "", "likely", ""),
    ("Russia’s relations with France and Germany are likely to suffer.", True, "likely", "", "likely", ""),
    ("Russia is extremely unlikely to begin any form of negotiations.", True, "unlikely", "",
     "almost no chance", ""),
    ("I expect that the US will mute its criticisms.", True, "expect", "", "likely", ""),
    ("Don’t expect to see Spetsnaz in Iraq anytime soon.", True, "expect", "don't", "likely", ""),
    ("But Russia won’t be able to change its position overnight.", True, "won't", "won't",
     "almost certain", ""),
    ("The United States could fall out with Russia over Chechnya.", True, "could", "", "roughly even chance", ""),
    ("Sanctions may be expanded.", True, "may", "", "roughly even chance", ""),
    ("The deal might collapse.", True, "might", "", "roughly even chance", ""),
    ("A decision to expand the campaign would also introduce tension.", True, "would", "",
     "almost certain", ""),
    ("Moscow is set to open a new base.", True, "is set to", "", "almost certain", ""),
    ("In the coming years the alliance shall grow.", True, "in the coming years", "",
     "almost certain", ""),
    ("Prices will probably rise in the long run.", True, "will", "", "likely", ""),
    ("Russia has the potential to be an essential partner.", True, "has the potential to", "",
     "roughly even chance", ""),
    # negatives: recommendations
    ("The United States should not base its policy on that assumption.", False, "", "", "", "recommendation"),
    ("Russia needs to strengthen its role in the international arena.", False, "", "", "", "recommendation"),
    ("Both sides must respect the treaty.", False, "", "", "", "recommendation"),
    ("It is imperative to reduce the level of criticism.", False, "", "", "", "recommendation"),
    ("Multilateral mechanisms should be used, which would help.", False, "", "", "", "recommendation"),
    # negatives: past-tense would and other past modals
    ("The USSR would never have collapsed under the Chekists.", False, "", "", "", "past-tense modal"),
    ("He said that the talks would fail.", False, "", "", "", "past-tense modal"),
    ("From the outside, it would seem that Trump is more popular.", False, "", "", "", "past-tense modal"),
    ("There may have been room for compromise.", False, "", "", "", "past-tense modal"),
    # negatives: no cue, questions, months, nouns
    ("Moscow claims it had already decided to close the bases.", False, "", "", "", ""),
    ("Russia closed its bases in Vietnam and Cuba.", False, "", "", "", ""),
    ("What policy will Russia pursue?", False, "", "", "", "question"),
    ("The summit took place in May 2002.", False, "", "", "", ""),
    ("The economic might of the United States is great.", False, "", "", "", ""),
]


@pytest.mark.parametrize("sentence, candidate, cue, negation, band, excluded", LABELLED)
def test_detector_on_hand_labelled_sentences(sentence, candidate, cue, negation, band, excluded):
    got = ForecastDetector().label(sentence)
    assert got["candidate"] is candidate
    assert got["cue"] == cue
    assert got["negation"] == negation
    assert got["band"] == band
    assert got["excluded_by"] == excluded


def test_at_least_twenty_labelled_sentences_both_ways():
    positives = sum(1 for row in LABELLED if row[1])
    assert len(LABELLED) >= 20 and positives >= 10 and len(LABELLED) - positives >= 10


def test_should_with_a_strong_cue_stays_a_candidate():
    got = ForecastDetector().label("We should hardly expect this policy to be realized.")
    assert got["candidate"] and got["cue"] == "expect" and got["recommendation"] == "should"
    assert got["hedge"] == "hardly expect" and got["band"] == "unlikely"


def test_reported_advice_does_not_block_a_forecast():
    got = ForecastDetector().label(
        "Experts think Russia may become a regional power, but Putin stated that Russia should integrate.")
    assert got["candidate"] and got["cue"] == "may"


def test_negation_window():
    assert ForecastDetector(window=3).label("Russia will certainly not go.")["negation"] == "not"
    assert ForecastDetector(window=1).label("Russia will certainly not go.")["negation"] == ""


def test_fit_labels_every_sentence_and_keeps_candidates():
    sentences = pd.DataFrame({"source_id": ["a"] * 3, "para": [1, 1, 2], "sent": [1, 2, 1],
                              "text": ["Russia will not join NATO.", "NATO must act.", "It rained."]})
    det = ForecastDetector().fit(sentences)
    assert det.labels_["candidate"].tolist() == [True, False, False]
    assert det.candidates_[["source_id", "para", "sent"]].values.tolist() == [["a", 1, 1]]
    assert det.labels_["excluded_by"].tolist() == ["", "recommendation", ""]


def test_hedge_is_the_phrase_nearest_the_cue():
    got = ForecastDetector().label("The campaign in Afghanistan, and possibly elsewhere, will greatly "
                                   "influence the relationship.")
    assert (got["cue"], got["hedge"], got["band"]) == ("will", "will", "almost certain")
