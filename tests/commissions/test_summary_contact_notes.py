"""The contacts' « précision » in a commission summary: for the readers of the contacts'
notes (CONTACT_NOTES) only, in the summaries frozen before the group existed too (they
kept the précision in place of the contact's object)."""

from prevex.commissions.summary import NOTES_WITHHELD, for_groups

OLD = {"purpose": "Hospitalisation du fils", "channel": "Téléphone", "outcome": "Joint"}
PLAIN = {"purpose": "Relance", "channel": "SMS", "outcome": "Non joint"}
NEW = {"purpose": "Autre", "detail": "Hospitalisation du fils", "channel": "Téléphone"}


def _contacts(contacts, groups):
    document = {"sections": {"SUIVI": {"contacts": contacts}, "SOCIAL": {}}}
    return for_groups(document, groups)["sections"]["SUIVI"]["contacts"]


def test_a_reader_of_the_notes_reads_them_old_and_new():
    seen = _contacts([OLD, PLAIN, NEW], {"SUIVI", "CONTACT_NOTES"})
    assert [(c["purpose"], c["detail"]) for c in seen] == [
        ("Hospitalisation du fils", ""),
        ("Relance", ""),
        ("Autre", "Hospitalisation du fils"),
    ]


def test_a_follow_up_reader_without_the_notes_reads_no_precision():
    seen = _contacts([OLD, PLAIN, NEW], {"SUIVI"})
    assert [(c["purpose"], c["detail"]) for c in seen] == [
        (NOTES_WITHHELD, ""),
        ("Relance", ""),
        ("Autre", ""),
    ]
    assert "Hospitalisation" not in repr(seen)
