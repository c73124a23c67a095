"""Data for one engine (run by bench/file_page.py in a subprocess, bench settings).

Migrates, loads the territories of the 93, bulk-generates the households, creates a
CCAPEX account that acts for the whole département, opens a session for it, and prints
one JSON line: the session key and a sample of household ids. Progress goes to stderr.
``--follow-up`` adds the follow-up data, ``--work-list N`` a social-work organisation
involved in N open files with its tasks (and its session in the JSON line); both in
bench/_follow_up.py.
"""

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prevex.settings.bench")

import django  # noqa: E402

django.setup()

import _follow_up  # noqa: E402  (bench/_follow_up.py)
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from prevex.accounts.models import Membership, Organisation, OrganisationType, Role, User  # noqa: E402
from prevex.accounts.services import membership_grant, organisation_create, user_create  # noqa: E402
from prevex.core.territories import load_territories  # noqa: E402
from prevex.demo.bulk import bulk_generate  # noqa: E402
from prevex.households.models import Household  # noqa: E402

DEPARTEMENT = "93"
USERNAME = "bench-ccapex"


def log(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def account() -> Membership:
    organisation = Organisation.objects.filter(slug="bench-93-ccapex").first()
    if organisation is None:
        organisation = organisation_create(
            type=OrganisationType.ETAT_CCAPEX,
            name="DDETS de la Seine-Saint-Denis – secrétariat CCAPEX (banc d'essai)",
            slug="bench-93-ccapex",
            departement=DEPARTEMENT,
        )
    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        user = user_create(
            username=USERNAME,
            email="bench-ccapex@bench.prevex.example",
            password=None,
            first_name="Banc",
            last_name="Essai",
            is_demo=True,
        )
    return membership_grant(user=user, organisation=organisation, role=Role.AGENT)


def session_for(membership: Membership) -> str:
    user = membership.user
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["membership_id"] = membership.pk
    session.create()
    return session.session_key


def query_counts(session_key: str, household_id: int) -> str:
    """How many SQL queries each measured page runs (printed next to the timings)."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = session_key
    parts = []
    for label, path in (
        ("/sante/vivant/", "/sante/vivant/"),
        ("/dossiers/", "/dossiers/"),
        ("« à faire » /", "/"),
        ("dossier", f"/menages/{household_id}/"),
    ):
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        parts.append(f"{label} {len(queries)} requêtes SQL (HTTP {status})")
    return ", ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, required=True)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument(
        "--follow-up", action="store_true", help="contacts, dispositifs et plans par ménage"
    )
    parser.add_argument(
        "--work-list", type=int, default=0, help="dossiers ouverts d'un service social"
    )
    args = parser.parse_args()

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    load_territories(departements=[DEPARTEMENT])
    log(f"migrations et territoires : {time.monotonic() - started:.0f} s")
    existing = Household.objects.filter(departement_id=DEPARTEMENT).count()
    if existing >= args.households:
        log(f"{existing} ménages déjà présents : génération sautée")
    else:
        started = time.monotonic()

        def progress(done: int) -> None:
            if done % 20000 == 0 or done == args.households - existing:
                log(f"{done} ménages générés ({time.monotonic() - started:.0f} s)")

        counts = bulk_generate(n=args.households - existing, seed=args.seed, progress=progress)
        log(
            f"génération : {counts.households} ménages, {counts.members} membres, "
            f"{counts.procedures} procédures, {counts.events} actes en "
            f"{time.monotonic() - started:.0f} s"
        )
    membership = account()
    if args.follow_up:
        _follow_up.follow_up(membership, DEPARTEMENT, args.seed)
    worker = (
        _follow_up.work_list(DEPARTEMENT, args.work_list, args.seed) if args.work_list else None
    )
    with connection.cursor() as cursor:  # statistics, as a database in service has them
        cursor.execute("ANALYZE")
    ids = list(
        Household.objects.filter(departement_id=DEPARTEMENT)
        .order_by("id")
        .values_list("id", flat=True)
    )
    sample = random.Random(args.seed).sample(ids, k=min(args.sample, len(ids)))
    session_key = session_for(membership)
    log(query_counts(session_key, sample[0]))
    out = {"session": session_key, "households": sample, "total": len(ids)}
    if worker is not None:
        out["worker_session"] = session_for(worker)
        log("service social : " + query_counts(out["worker_session"], sample[0]))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
