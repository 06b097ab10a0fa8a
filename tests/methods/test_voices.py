"""Voice attribution on passages copied from the compilation page
(seeds/2016-globalsecurity-post-cold-war.txt) and on reported speech."""
import pytest

from analysis import config
from analysis.methods.voices import VoiceAttributor, normalise_speaker, quote_spans, voice_texts


def attribute(*paragraphs):
    return VoiceAttributor().fit_text("\n\n".join(paragraphs))


CASES = [
    # (paragraph, speaker, rule, date, start of passage)
    ('Fedor Lukyanov wrote "Russia will be unable to insert itself into the construct envisaged by the '
     'Western project. The building of a new order is really beginning only now, during the "Cold War" years."',
     "Fyodor Lukyanov", "before", "", "Russia will be unable"),
    ('US President Barack Obama said "we\'ve seen a lot of commentary lately where there were, there are '
     'Republicans or pundits or cable commentators who seemed to have more confidence in Vladimir Putin..."',
     "Barack Obama", "before", "", "we've seen"),
    ('Putin said September 20, 2013 : "Today we need new strategies to preserve our identity in a rapidly '
     'changing world... In this sense, the question of finding and strengthening national identity really is fundamental ...',
     "Vladimir Putin", "before", "September 20, 2013", "Today we need"),
    ('Paul Goble wrote in 2009 that "The conviction in Russia’s security agencies that the USSR would never '
     'have collapsed if “the Chekists” rather than the Communists had been in power has led many of them to conclude."',
     "Paul Goble", "before", "2009", "The conviction"),
    ('Mark Galeotti wrote March 3, 2014 that Putin "has been able to use that to parlay a much greater '
     'geopolitical role than Russia’s actual political, economic, military, even moral resources ‘should’ command."',
     "Mark Galeotti", "before", "March 3, 2014", "has been able"),
    ('Walter Russell Mead argued in a 2014 piece in "The American Interest," that the patriotic wave Putin was '
     'riding was similar to a drug dependency. "He needs triumphs abroad to vindicate and justify his rule and his '
     'repression at home," Mead wrote.',
     "Walter Russell Mead", "after", "", "He needs triumphs"),
    ('“For at least a century and a half, the whole Anglo-Saxon strategy (English and American) is to prevent '
     'the rapprochement of France, Germany and Russia,” Del Valle said 11 February 2016.',
     "Alexandre Del Valle", "after", "11 February 2016", "For at least"),
    ('Russia does not aspire to be like the West. The West was, in the words of Molly K. McKew, "not the '
     'beginning of a better - greater - world, but the long anomaly in a tyrannous and dark one."',
     "Molly K. McKew", "words of", "", "not the beginning"),
    ('Putin cut to the chase when he spoke at the defense ministry\'s HQ in Moscow in December 2016: "We can say '
     'with certainty: we are stronger now than any potential aggressor."',
     "Vladimir Putin", "colon", "December 2016", "We can say"),
]


@pytest.mark.parametrize("paragraph,speaker,rule,date,start", CASES)
def test_quote_attribution(paragraph, speaker, rule, date, start):
    got = attribute(paragraph)
    quotes = got[got["mode"] == "quote"]
    assert len(quotes) == 1
    row = quotes.iloc[0]
    assert (row["speaker"], row["rule"], row["date"]) == (speaker, rule, date)
    assert row["passage"].startswith(start)


def test_unattributed_quotes_stay_with_author():
    # title and scare quotes, copied from the page: no speaker
    got = attribute(
        'Functionaries of Empire proclaimed the end of History, erasing the 1987 verdict of Yale historian Paul '
        'Kennedy in "The Rise and Fall of the Great Powers", that the global American empire was declining.',
        'The Russian elite was divided between the "siloviki" (officials from the security and intelligence '
        'services) and the modernizers.')
    assert got.empty


def test_continuation_pronoun_and_reported():
    got = attribute(
        'Dmitri Trenin, of the Carnegie Moscow Center, said February 27, 2015 that the period of 1992 to 2014, '
        'barely more than 20 years, was the inter-Cold War period. He said "... well-educated Russians have come '
        'to the conclusion that Russia is essentially seen as the country that lost the Cold War.',
        '"This whole argument is built on ... a very important statement: There can be no moral equivalence '
        'between Russia and the West."',
        'There is a sharp divide among European countries on whether Russia poses enough of a threat.')
    assert got[["para", "speaker", "rule", "mode"]].values.tolist() == [
        [1, "Dmitri Trenin", "said that", "reported"],
        [1, "Dmitri Trenin", "pronoun", "quote"],
        [2, "Dmitri Trenin", "continuation", "quote"],
    ]
    assert set(got["date"]) == {"February 27, 2015"}


def test_document_then_continuation():
    got = attribute(
        'The "Concept of the Foreign Policy of the Russian Federation" was approved by President of the Russian '
        'Federation V. Putin on 12 February 2013. It is a systemic description of basic principles.',
        '"The current stage of the world development is characterized by profound changes in the geopolitical landscape....',
        '"The ability of the West to dominate world economy and politics continues to diminish."')
    assert got["speaker"].tolist() == ["Russian Foreign Policy Concept"] * 2
    assert got["rule"].tolist() == ["continuation"] * 2
    assert got["date"].tolist() == ["12 February 2013"] * 2
    assert set(got["role"]) == {"official"} and set(got["perspective"]) == {"Russian"}


def test_according_to_and_as_stated():
    got = attribute(
        'The core of the Anglo-Saxon global strategy was to prevent at all costs rapprochement between Russia and '
        'Europe, according to French writer, journalist, and political commentator Alexandre Del Valle.',
        'As Defense Minister Ivanov recently stated, Russia has chosen to follow a military affairs doctrine.')
    assert got[["speaker", "rule", "mode"]].values.tolist() == [
        ["Alexandre Del Valle", "according to", "reported"],
        ["Sergei Ivanov", "as X said", "reported"],
    ]


def test_unknown_speaker_and_normalisation():
    got = attribute('Jane Roe wrote "Relations will improve once the sanctions are lifted next year."')
    assert got[["speaker", "role", "perspective"]].values.tolist() == [["Jane Roe", "unknown", "unknown"]]
    assert normalise_speaker("Minister of Defense Ivanov")[0] == "Sergei Ivanov"
    assert normalise_speaker("Foreign Minister Ivanov")[0] == "Igor Ivanov"
    assert normalise_speaker("He") is None


def test_quote_spans_nested_and_open():
    text = 'A "b "c" d" e “f”'
    assert [text[s:e] for s, e, _ in quote_spans(text)] == ['"b "c" d"', "“f”"]
    assert quote_spans('x "open to the end')[-1] == (2, 18, False)


def test_whole_compilation_page_and_voice_texts():
    """On the real page: the voices named in the issue are all found."""
    from analysis.corpus.load import load_corpus
    corpus = load_corpus(config.ROOT / "seeds")
    sid = corpus.sources.index[corpus.sources["file"] == "2016-globalsecurity-post-cold-war.txt"][0]
    paras = corpus.paragraphs[corpus.paragraphs.source_id == sid]
    got = VoiceAttributor().fit(paras).passages_
    assert {"Vladimir Putin", "Fyodor Lukyanov", "Barack Obama", "Dmitri Trenin", "Walter Russell Mead",
            "Mark Galeotti", "Paul Goble", "Alexandre Del Valle", "Russian Foreign Policy Concept"} <= set(got.speaker)
    frame = voice_texts(paras, corpus.sources, got)
    author = frame[frame.kind == "author"].iloc[0]
    assert "Anglo-Saxon strategy (English" not in author["text"]   # quoted, so moved to Del Valle
    assert "siloviki" in author["text"]                              # scare quote stays with the author
    total = frame["words"].sum()
    assert total == pytest.approx(paras[paras.kind == "text"]["words"].sum(), rel=0.02)


def test_voice_group_counts_think_tanks_as_commentators():
    from analysis.methods.voices import voice_group
    assert voice_group("think-tank", "Russian") == "Russian commentator"
    assert voice_group("official", "Russian") == "Russian official"
    assert voice_group("reference", "Western") == "Western commentator"
    assert voice_group("official", "unknown") == "unknown"


def test_sentence_speakers_strict_and_broad():
    import pandas as pd

    from analysis.methods.voices import sentence_speakers
    paras = pd.DataFrame({"source_id": ["s", "s"], "para": [1, 2], "kind": ["text", "text"], "text": [
        'We met. Lavrov said "The talks went well and we agreed." It rained.',
        "Putin said that relations would improve. Nothing else happened."]})
    sents = pd.DataFrame({"source_id": ["s"] * 5, "para": [1, 1, 1, 2, 2], "sent": [1, 2, 3, 1, 2], "text": [
        "We met.", 'Lavrov said "The talks went well and we agreed."', "It rained.",
        "Putin said that relations would improve.", "Nothing else happened."]})
    passages = VoiceAttributor().fit(paras).passages_
    got = sentence_speakers(paras, sents, passages)
    # only the quotation is strict; reported speech ("said that") counts in the broad reading only
    assert got["strict"].tolist() == [False, True, False, False, False]
    assert got["broad"].tolist() == [False, True, False, True, False]
    assert got["speaker"].tolist() == ["", "Sergei Lavrov", "", "", ""]
