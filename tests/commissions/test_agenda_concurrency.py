"""Two agents editing one agenda at once: the session row is locked and the version
checked inside the lock, so the second write is refused and nothing is half-written
(both engines: SQLite's writers are serialised by BEGIN IMMEDIATE)."""

import threading

import pytest
from django.db import connection

from prevex.commissions import agenda
from prevex.commissions.models import AgendaItem, Saisine
from prevex.core.errors import BusinessError


@pytest.mark.django_db(transaction=True)
def test_two_agents_add_at_once_one_is_told_to_reload(reseeded_db, world, session):
    from prevex.commissions.rules_data import RULES
    from prevex.core.models import Departement
    from prevex.procedures.models import LegalRule
    from prevex.procedures.rules import clear_rule_cache
    from prevex.procedures.rules_data import seed_legal_rules

    seed_legal_rules(legal_rule_model=LegalRule, departement_model=Departement, rules=RULES)
    clear_rule_cache()
    results = []
    start = threading.Barrier(2)

    def add(household):
        try:
            start.wait()
            agenda.agenda_add_many(
                session=session, household_ids=[household.pk], by=world.secretariat, version=0
            )
            results.append("ok")
        except BusinessError as exc:
            results.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(h,)) for h in world.households[:2]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results, key=len) == ["ok", agenda.STALE]
    assert AgendaItem.objects.count() == 1 and Saisine.objects.count() == 1
    session.refresh_from_db()
    assert session.agenda_version == 1
