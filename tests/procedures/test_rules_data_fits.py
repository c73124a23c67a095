"""Every row of the legal rules fits its column: SQLite does not enforce a CharField's
length, PostgreSQL refuses the migration that seeds a longer text (a 259-character legal
basis passed the SQLite suite)."""

from prevex.procedures.models import LegalRule
from prevex.procedures.rules_data import RULES


def test_every_text_of_every_rule_fits_its_column():
    too_long = []
    for row in RULES:
        for name, value in row.items():
            field = LegalRule._meta.get_field(name)
            limit = getattr(field, "max_length", None)
            if limit and isinstance(value, str) and len(value) > limit:
                too_long.append((row["code"], name, len(value), limit))
    assert too_long == []
