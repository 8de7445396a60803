"""Transliteration schemes and the match key: every spelling of a name meets the others."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warcases.link.translit import SCHEMES, TranslitError, name_key, text_key, to_cyrillic, transliterate

# (Cyrillic, scheme, expected romanisation)
SCHEME_CASES = [
    ("Жақсылықов", "kk-latin-2021", "Jaqsylyqov"),
    ("Жақсылықов", "icao", "Zhaksylykov"),
    ("Жақсылықов", "en", "Zhaksylykov"),
    ("Ерғали", "en", "Yergali"),
    ("Ерғали", "kk-latin-2021", "Erğali"),
    ("Нұрланұлы", "kk-latin-2021", "Nūrlanūly"),
    ("Кайрат", "icao", "Kairat"),
    ("Кайрат", "en", "Kayrat"),
    ("Юсупов", "icao", "Iusupov"),
    ("Юсупов", "en", "Yusupov"),
    ("Хўжаев", "uz-latin", "Xoʻjayev"),
    ("Ғафуров", "uz-latin", "Gʻafurov"),
    ("Қурбонов", "uz-latin", "Qurbonov"),
    ("Раҳмонов", "uz-latin", "Rahmonov"),
    ("Ҷалолов", "en", "Jalolov"),
    ("ЖАҚСЫЛЫҚОВ", "kk-latin-2021", "JAQSYLYQOV"),
    ("Қожахметов", "bgn", "Qozhakhmetov"),
]


@pytest.mark.parametrize(("cyrillic", "scheme", "latin"), SCHEME_CASES)
def test_each_scheme_romanises_as_its_standard_says(cyrillic, scheme, latin):
    assert transliterate(cyrillic, scheme) == latin


# (Latin, scheme, expected Cyrillic)
REVERSE_CASES = [
    ("Zhaksylykov", "en", "Жаксылыков"),
    ("Yerlan", "en", "Ерлан"),
    ("Kayrat", "en", "Кайрат"),
    ("Jaqsylyqov", "kk-latin-2021", "Жақсылықов"),
    ("Qairat", "kk-latin-2021", "Қайрат"),
    ("Nūrlanūly", "kk-latin-2021", "Нұрланұлы"),
    ("Xo‘jayev", "uz-latin", "Хўжаев"),
    ("Yoʻldosh", "uz-latin", "Йўлдош"),
    ("Eshmat", "uz-latin", "Эшмат"),
]


@pytest.mark.parametrize(("latin", "scheme", "cyrillic"), REVERSE_CASES)
def test_latin_back_to_cyrillic(latin, scheme, cyrillic):
    assert to_cyrillic(latin, scheme) == cyrillic


SAME_KEY = [
    ["Жаксылыков", "Жақсылықов", "Zhaksylykov", "Jaqsylyqov", "ЖАҚСЫЛЫҚОВ", "zhaksylykov"],
    ["Алиев", "Aliyev", "Aliev", "ALIEV"],
    ["Хўжаев", "Xo‘jayev", "Xo'jayev", "Khujaev", "Хужаев"],
    ["Ерлан", "Yerlan", "Erlan", "Эрлан"],
    ["Кайрат", "Қайрат", "Kairat", "Kayrat", "Qairat"],
    ["Йўлдошев", "Yo‘ldoshev", "Yuldoshev"],
    ["Семёнов", "Семенов", "Semyonov", "Semenov"],
    ["Исхак", "Iskhak", "Isxak"],
    ["Джамшед", "Ҷамшед", "Jamshed", "Dzhamshed"],  # Russian дж = Tajik ҷ
]


@pytest.mark.parametrize("spellings", SAME_KEY, ids=lambda s: s[0])
def test_spellings_of_one_name_share_a_key(spellings):
    keys = {name_key(s) for s in spellings}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(("a", "b"), [("Ахметов", "Ахмедов"), ("Алиев", "Алиева"), ("Сериков", "Серикбаев")])
def test_different_names_keep_different_keys(a, b):
    assert name_key(a) != name_key(b)


def test_unknown_scheme_is_a_clear_error():
    with pytest.raises(TranslitError, match="unknown scheme 'klingon'"):
        transliterate("Ерлан", "klingon")
    with pytest.raises(TranslitError, match="no Latin → Cyrillic table"):
        to_cyrillic("Yerlan", "bgn")


def test_text_key_keeps_words_apart():
    assert text_key("Жақсылықов  Ерғали-Нұр") == "jaksilikov ergali nur"


# Name-like Cyrillic words: consonant + vowel syllables with an optional soft coda. Consonant
# clusters that a digraph romanisation cannot tell apart (з+х read as "zh") are left out.
CONSONANTS = "бвгджзклмнпрстфхцчшщғқһҳҷ"
VOWELS = "аеиоуыэюяәөұүіўӣӯё"
syllable = st.builds(lambda c, v, coda: c + v + coda, st.sampled_from(CONSONANTS),
                     st.sampled_from(VOWELS), st.sampled_from(["", "й", "н", "р", "л", "м"]))
words = st.lists(syllable, min_size=1, max_size=4).map(lambda s: "".join(s).capitalize())


@settings(max_examples=300, deadline=None)
@given(word=words, scheme=st.sampled_from(SCHEMES))
def test_transliterate_then_match_back(word, scheme):
    """Any romanisation of a Cyrillic name has the Cyrillic name's key."""
    assert name_key(transliterate(word, scheme)) == name_key(word)


@settings(max_examples=200, deadline=None)
@given(word=st.lists(st.builds(lambda c, v: c + v, st.sampled_from("бдгзклмнпрстфшқғңәөұүы"),
                               st.sampled_from("аоұүыәөе")), min_size=1, max_size=4).map("".join))
def test_kazakh_latin_2021_round_trips(word):
    assert to_cyrillic(transliterate(word, "kk-latin-2021"), "kk-latin-2021") == word
