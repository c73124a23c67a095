"""Locust users of bench/load.py: authenticated readers browsing the dashboard and the
file pages they may see. The session cookies and household ids come from the
environment (``PREVEX_LOAD_SESSIONS``: comma-separated session keys, one per
organisation type: CCAPEX secretariat, social worker, landlord, bailiff, préfecture;
``PREVEX_LOAD_HOUSEHOLDS``: a JSON file of the ids each session may see). Users take
the sessions in turn, so every organisation type reads. Any answer but 200 (a 404
included: the ids are checked through the access gate beforehand) is an error."""

import itertools
import json
import os
import random

from locust import HttpUser, between, task

SESSIONS = os.environ["PREVEX_LOAD_SESSIONS"].split(",")
with open(os.environ["PREVEX_LOAD_HOUSEHOLDS"], encoding="utf-8") as handle:
    HOUSEHOLDS = json.load(handle)
_turn = itertools.count()


class Reader(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self):
        self.session = SESSIONS[next(_turn) % len(SESSIONS)]
        self.client.cookies.set("sessionid", self.session)
        self.households = HOUSEHOLDS[self.session]

    @task(1)
    def dashboard(self):
        self.client.get("/", name="tableau de bord")

    @task(3)
    def file_page(self):
        household = random.choice(self.households)
        self.client.get(f"/menages/{household}/", name="page du dossier")
