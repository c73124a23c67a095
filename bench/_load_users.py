"""Readers of other organisation types for bench/load.py (bench settings, a subprocess).

For a social worker (departmental social service), a social landlord, a bailiff and a
préfecture of the 93: an organisation, a demo account, an active involvement in
``--files`` households (the only way such an organisation sees a file: prevex/access/gate.py),
and a session. Prints one JSON line ``{session key: [household ids it may see]}``; each id
is checked through the access gate, so a 404 in the load test is a bug, not a refusal.
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

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import transaction  # noqa: E402

from prevex.access.bulk import involvement_add_many  # noqa: E402
from prevex.access.gate import visible_household_ids  # noqa: E402
from prevex.access.models import InvolvementReason  # noqa: E402
from prevex.accounts.middleware import IDLE_KEY  # noqa: E402
from prevex.accounts.models import Organisation, OrganisationType, Role, User  # noqa: E402
from prevex.accounts.services import membership_grant, organisation_create, user_create  # noqa: E402
from prevex.core import clock  # noqa: E402
from prevex.households.models import Household  # noqa: E402

DEPARTEMENT = "93"
BATCH = 2000
# (slug suffix, organisation type, role, why it is involved, name)
READERS = [
    (
        "social",
        OrganisationType.CD_SOCIAL,
        Role.TRAVAILLEUR_SOCIAL,
        InvolvementReason.DESIGNATION,
        "Service social départemental (charge)",
    ),
    (
        "bailleur",
        OrganisationType.BAILLEUR_SOCIAL,
        Role.AGENT,
        InvolvementReason.BAILLEUR,
        "Office public de l'habitat (charge)",
    ),
    (
        "cj",
        OrganisationType.COMMISSAIRE_JUSTICE,
        Role.AGENT,
        InvolvementReason.ACTE,
        "Étude de commissaires de justice (charge)",
    ),
    (
        "prefecture",
        OrganisationType.PREFECTURE,
        Role.AGENT,
        InvolvementReason.DESTINATAIRE,
        "Préfecture de la Seine-Saint-Denis (charge)",
    ),
]


def reader(slug, org_type, role, reason, name, ids):
    organisation = Organisation.objects.filter(slug=f"load-93-{slug}").first()
    if organisation is None:
        organisation = organisation_create(
            type=org_type, name=name, slug=f"load-93-{slug}", departement=DEPARTEMENT
        )
    username = f"load-{slug}"
    user = User.objects.filter(username=username).first() or user_create(
        username=username,
        email=f"{username}@bench.prevex.example",
        password=None,
        first_name="Charge",
        last_name=slug,
        is_demo=True,
    )
    membership = membership_grant(user=user, organisation=organisation, role=role)
    today = clock.today()
    rows = [(pk, organisation, reason, today) for pk in ids]
    for start in range(0, len(rows), BATCH):
        with transaction.atomic():
            involvement_add_many(by=None, involvements=rows[start : start + BATCH])
    visible = sorted(visible_household_ids(organisation=organisation, household_ids=ids))
    if visible != sorted(ids):
        raise SystemExit(f"{slug} : {len(visible)} dossiers visibles sur {len(ids)}")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["membership_id"] = membership.pk
    session[IDLE_KEY] = int(time.time())  # as at login (prevex/accounts/middleware.py)
    session.create()
    return session.session_key, visible


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000, help="dossiers par organisation")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    ids = list(
        Household.objects.filter(departement_id=DEPARTEMENT)
        .order_by("id")
        .values_list("id", flat=True)
    )
    rng = random.Random(args.seed)
    out = {}
    for slug, *spec in READERS:
        key, visible = reader(slug, *spec, rng.sample(ids, k=min(args.files, len(ids))))
        out[key] = visible
        print(f"  {slug} : {len(visible)} dossiers visibles", file=sys.stderr, flush=True)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
