import pytest

from prevex.procedures.rules import Rule, RuleBook, clear_rule_cache
from prevex.procedures.rules_data import RULES


@pytest.fixture(autouse=True)
def _fresh_rule_cache():
    """Rules created in a rolled-back test must not survive in the process cache."""
    clear_rule_cache()
    yield
    clear_rule_cache()


def memory_rulebook(departement_id: str | None = None) -> RuleBook:
    """The seeded rules without the database (for pure and hypothesis tests)."""
    rules = [
        Rule(
            **{k: v for k, v in row.items() if k != "departement"},
            departement_id=row["departement"],
        )
        for row in RULES
    ]
    return RuleBook(rules, departement_id)
