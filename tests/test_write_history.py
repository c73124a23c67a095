"""Every write lands in the history of writes, with its author and organisation.

Each write service runs once, alone, while SQLite's authorizer notes every table (and,
for an ``UPDATE``, every column) it writes — the bulk writers' raw ``executemany``
included. Afterwards, for each table written, the history must have grown with an entry
of a matching object type, and every new entry must name the acting user and
organisation (none for a nightly job, which runs as nobody). The tables and columns
exempt from the history are the explicit, documented allow-list below
(docs/decisions/2026-12-06-every-write-in-the-history.md): a new table, or a new column
written outside it, fails here until its writes leave a history or it is listed with
its reason.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection

from prevex.access.services import involvement_add
from prevex.accounts.models import OrganisationType
from prevex.audit.models import WriteLog, WriteObject
from prevex.households.models import Household
from prevex.households.services import contacts_add_many, household_update
from prevex.matching.corrections import household_merge, household_split
from prevex.procedures.book import DENORMALISED
from prevex.procedures.models import Event
from prevex.procedures.refresh import open_procedures_refresh
from prevex.procedures.services import (
    event_amend_many,
    event_record,
    event_withdraw,
    procedure_close,
    procedure_open,
)
from prevex.support.contacts import contact_record
from prevex.support.todo import task_create
from tests.intake.conftest import row
from tests.test_write_paths import _form_household, _import, _row_of, demo  # noqa: F401

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="the capture uses SQLite's authorizer"
    ),
]

# Tables no write needs to put in the history, and why.
EXEMPT_TABLES = {
    "audit_writelog": "the history itself",
    "audit_accesslog": "the journal of reads",
    "matching_matchdecision": "the matching journal: itself append-only, with author and "
    "organisation; a merge or split also writes the files' history",
    "matching_householdkey": "the matching keys, recomputed from the members and the "
    "address whose changes are in the history",
    "matching_householdclaim": "what a matched row claims, never written into the file "
    "until an agent confirms it (the confirmation is in the history)",
    "intake_importbatch": "the import's bookkeeping (who sent which file, when)",
    "intake_importchunk": "the import's bookkeeping (chunks waiting for the job)",
    "intake_importrow": "the import's bookkeeping: what was received; what a row writes "
    "into a file is in the history",
    "intake_reviewitem": "the review queue: the decisions' effects on files are in the history",
    "access_involvementrequest": "a request waiting for the secretariat; its grant is an "
    "involvement (in the history)",
    "core_jobrun": "the record of background jobs",
}
# Columns derived from other rows, recomputed by the services and the nightly jobs: their
# sources are in the history, the computation is not a write of anyone.
EXEMPT_COLUMNS = {
    "households_household": {"search_text", "updated_at"},
    "procedures_procedure": set(DENORMALISED),
    "support_dsf": {"hearing_date"},  # the hearing of the procedure, copied by the job
    "support_repaymentplan": {"late_instalments", "compliance_on"},  # counted every night
}
# Written by nightly jobs only: the generated tasks of the work lists, raised and closed
# to match the files (a manual task is in the history).
JOB_TABLES = {"support_alert"}
# The object types of the history entries that may stand for a write of each table.
OBJECTS = {
    "households_household": {WriteObject.HOUSEHOLD},
    "households_member": {WriteObject.MEMBER, WriteObject.HOUSEHOLD},
    "households_contactchannel": {WriteObject.CONTACT, WriteObject.HOUSEHOLD},
    "households_vulnerability": {WriteObject.VULNERABILITY},
    "households_socialevaluation": {WriteObject.SOCIAL_EVALUATION},
    "households_pastaddress": {WriteObject.HOUSEHOLD},
    "households_involvement": {WriteObject.INVOLVEMENT},
    "procedures_procedure": {WriteObject.PROCEDURE},
    "procedures_event": {WriteObject.EVENT},
    "support_contact": {"SUIVI_CONTACT"},
    "support_alert": {"TACHE"},
    "commissions_agendaitem": {"ORDRE_DU_JOUR"},
    "commissions_saisine": {"SAISINE"},
}


INSERT = re.compile(r'\s*INSERT(?: OR \w+)? INTO "(\w+)"', re.I)
UPDATE = re.compile(r'\s*UPDATE "(\w+)" SET (.*?)(?: WHERE |$)', re.I | re.S)
DELETE = re.compile(r'\s*DELETE FROM "(\w+)"', re.I)
SET_COLUMN = re.compile(r'(?:^|, )"(\w+)" = ')


def _parsed(sql: str) -> tuple[str, set[str]] | None:
    if found := INSERT.match(sql):
        return found[1], {"*"}
    if found := UPDATE.match(sql):
        return found[1], set(SET_COLUMN.findall(found[2]))
    if found := DELETE.match(sql):
        return found[1], {"-"}
    return None


@contextlib.contextmanager
def tables_written():
    """``{table: {column, …}}`` of every INSERT (``*``), UPDATE (its columns) and DELETE
    (``-``) run inside the block that changed at least one row — the bulk writers' raw
    ``executemany`` included: SQLite's trace callback sees every statement of the
    connection, and its count of changes says whether the last one changed a row."""
    written: dict[str, set[str]] = defaultdict(set)
    connection.ensure_connection()
    raw = connection.connection
    state = {"statement": None, "changes": raw.total_changes}

    def settle():
        if state["statement"] is not None and raw.total_changes > state["changes"]:
            table, columns = state["statement"]
            if not table.startswith("sqlite_"):
                written[table] |= columns
        state["statement"], state["changes"] = None, raw.total_changes

    def trace(sql: str) -> None:
        settle()
        state["statement"] = _parsed(sql)

    raw.set_trace_callback(trace)
    try:
        yield written
    finally:
        raw.set_trace_callback(None)
        settle()


def gaps(by, action, *, job: bool = False) -> list[str]:
    """Run ``action``; what it wrote without a history entry, or with the wrong author."""
    last = WriteLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with tables_written() as written:
        action()
    logs = list(WriteLog.objects.filter(id__gt=last))
    kinds = {log.object_type for log in logs}
    found = []
    for table, columns in sorted(written.items()):
        if table in EXEMPT_TABLES or (job and table in JOB_TABLES):
            continue
        if not columns - EXEMPT_COLUMNS.get(table, set()):
            continue
        if table not in OBJECTS:
            found.append(f"{table} ({sorted(columns)}) : table sans type d'objet d'historique")
        elif not kinds & OBJECTS[table]:
            found.append(f"{table} ({sorted(columns)}) écrite sans historique")
    author = (None, None) if by is None else (by.user_id, by.organisation_id)
    for log in logs:
        if (log.user_id, log.organisation_id) != author:
            found.append(f"« {log.summary} » : auteur {log.user_id}/{log.organisation_id}")
    return found


def test_every_write_service_leaves_its_history_with_its_author(demo):  # noqa: F811
    ccapex = demo[OrganisationType.ETAT_CCAPEX]
    bailiff = demo[OrganisationType.COMMISSAIRE_JUSTICE]
    social = demo[OrganisationType.CD_SOCIAL]
    made = _form_household(ccapex, "Kone", "Moussa")
    found: dict[str, list[str]] = {}

    def check(name, by, action, **kwargs):
        found[name] = gaps(by, action, **kwargs)

    check("household_create", ccapex, lambda: _form_household(ccapex, "Garcia", "Ana"))
    check("household_update", ccapex,
          lambda: household_update(household=made, by=ccapex, rent=Decimal("700")))  # fmt: skip
    check("contacts_add_many", bailiff,
          lambda: contacts_add_many(by=bailiff, contacts=[(made.pk, "TELEPHONE", "0601020304")]))  # fmt: skip
    for who in (bailiff, social):
        check(f"involvement_add ({who.organisation.type})", ccapex,
              lambda who=who: involvement_add(household=made, organisation=who.organisation,
                                              reason="DESIGNATION",
                                              starts_on=datetime.date(2026, 1, 5), by=ccapex))  # fmt: skip
    opened = {}
    check("procedure_open", bailiff, lambda: opened.setdefault("p", procedure_open(
        household=made, stage="CDP", date=datetime.date(2026, 1, 5), by=bailiff,
        debt_amount=Decimal("1200"))))  # fmt: skip
    procedure = opened["p"]
    check("event_record", bailiff, lambda: event_record(
        procedure=procedure, stage="ASSIGNATION", date=datetime.date(2026, 3, 2),
        hearing_date=datetime.date(2026, 5, 4), by=bailiff))  # fmt: skip
    act = Event.objects.get(procedure=procedure, stage="ASSIGNATION")
    check("event_amend_many", bailiff, lambda: event_amend_many(
        by=bailiff, changes=[(act, {"hearing_date": datetime.date(2026, 5, 11),
                                    "notes": "Audience renvoyée"})]))  # fmt: skip
    check("contact_record", social, lambda: contact_record(
        household=made, by=social, channel="TELEPHONE", direction="SORTANT",
        at=datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC), purpose="PRISE_CONTACT",
        outcome="JOINT"))  # fmt: skip
    check("task_create", social,
          lambda: task_create(household=made, by=social, title="Rappeler le ménage"))  # fmt: skip
    check("open_procedures_refresh (job)", None, open_procedures_refresh, job=True)
    check("import", bailiff, lambda: _import(bailiff, [
        row(locataire_nom="Traoré", locataire_prenom="Awa", reference_acte="N1",
            adresse="3 rue Gabriel Péri"),
        _row_of(made, type_acte="CQL", date_acte="01/06/2026", reference_acte="K1",
                telephone="0612345678")]))  # fmt: skip
    check("import (amending an act sent again)", bailiff, lambda: _import(bailiff, [
        _row_of(made, type_acte="CQL", date_acte="01/06/2026", reference_acte="K1",
                observations="Remis en mains propres")]))  # fmt: skip
    cql = Event.objects.get(procedure=procedure, stage="CQL")
    check("event_withdraw", ccapex, lambda: event_withdraw(event=cql, by=ccapex))
    check("procedure_close", ccapex, lambda: procedure_close(
        procedure=procedure, outcome="DETTE_SOLDEE", closed_on=datetime.date(2026, 6, 10),
        by=ccapex))  # fmt: skip
    # Corrections: a merge (the absorbed file's procedure and contact move) and a split.
    a = _form_household(ccapex, "Martin", "Léa")
    b = _form_household(ccapex, "Martin", "Lea")
    contacts_add_many(by=ccapex, contacts=[(b.pk, "COURRIEL", "lea.martin@example.org")])
    first = procedure_open(household=b, stage="CDP", date=datetime.date(2025, 1, 6), by=ccapex)
    procedure_close(procedure=first, outcome="DETTE_SOLDEE", closed_on=datetime.date(2025, 3, 1),
                    by=ccapex)  # fmt: skip
    check("household_merge", ccapex, lambda: household_merge(keep=a, absorb=b, by=ccapex))
    check("household_split", ccapex,
          lambda: household_split(household=a, procedure_ids=[first.pk], by=ccapex))  # fmt: skip

    failing = [f"{name} : {gap}" for name, gaps_ in found.items() for gap in gaps_]
    assert not failing, "\n".join(failing)
    # The steps really wrote: not a vacuous pass.
    assert Event.objects.filter(notes="Audience renvoyée").exists()
    assert not Household.objects.filter(pk=b.pk).exists()


def test_an_amended_act_says_what_changed_and_who_changed_it(demo):  # noqa: F811
    bailiff = demo[OrganisationType.COMMISSAIRE_JUSTICE]
    ccapex = demo[OrganisationType.ETAT_CCAPEX]
    made = _form_household(ccapex, "Roux", "Inès")
    involvement_add(household=made, organisation=bailiff.organisation, reason="DESIGNATION",
                    starts_on=datetime.date(2026, 1, 5), by=ccapex)  # fmt: skip
    procedure = procedure_open(household=made, stage="CDP", date=datetime.date(2026, 1, 5),
                               by=bailiff, debt_amount=Decimal("1200"))  # fmt: skip
    act = Event.objects.get(procedure=procedure)
    last = WriteLog.objects.order_by("-id").values_list("id", flat=True).first()
    # Two acts in one batch, one unchanged: one insert, one entry.
    assert event_amend_many(by=bailiff, changes=[(act, {"debt_amount": Decimal("1500")})]) == 1
    (entry,) = WriteLog.objects.filter(id__gt=last)
    assert (entry.user_id, entry.organisation_id) == (bailiff.user_id, bailiff.organisation_id)
    assert (entry.household_id, entry.object_id, entry.operation) == (made.pk, act.pk, "UPDATE")
    assert entry.changes == [
        {"field": "debt_amount", "label": "Montant de la dette (€)", "old": "1 200,00 €",
         "new": "1 500,00 €"},
    ]  # fmt: skip
    assert event_amend_many(by=bailiff, changes=[(act, {"debt_amount": Decimal("1500")})]) == 0
    assert WriteLog.objects.filter(id__gt=entry.pk).count() == 0
