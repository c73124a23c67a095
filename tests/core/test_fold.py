"""``fold``'s fast path for ASCII text gives exactly what the general one gives."""

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from prevex.core.text import _fold_unicode, fold


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_text_folds_as_the_general_path_folds_it(value):
    assert value.isascii()
    assert fold(value) == _fold_unicode(value)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=string.ascii_letters + " -'.,°éÈçÇıøŁœ0123456789", max_size=30))
def test_french_names_and_addresses_fold_the_same_either_way(value):
    assert fold(value) == _fold_unicode(value)


def test_examples():
    assert fold("BEN ALI-Mohamed") == "ben ali mohamed"
    assert fold("Bât. C, Appt 0308 – 86 R. des Rosiers") == "bat c appt 0308 86 r des rosiers"
    assert fold("Yıldız Şahin") == "yildiz sahin"
    assert fold("N° 12") == "n 12"
    assert fold(None) == "" and fold("") == ""
