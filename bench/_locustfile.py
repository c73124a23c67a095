"""Locust users of bench/load.py: an authenticated reader browsing the dashboard and
random file pages. The session cookies and household ids come from the environment
(``PREVEX_LOAD_SESSIONS``: comma-separated session keys, one per organisation type;
``PREVEX_LOAD_HOUSEHOLDS``: a JSON file of ids per session)."""

import json
import os
import random

from locust import HttpUser, between, task

SESSIONS = os.environ["PREVEX_LOAD_SESSIONS"].split(",")
with open(os.environ["PREVEX_LOAD_HOUSEHOLDS"], encoding="utf-8") as handle:
    HOUSEHOLDS = json.load(handle)


class Reader(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self):
        self.session = random.choice(SESSIONS)
        self.client.cookies.set("sessionid", self.session)
        self.households = HOUSEHOLDS[self.session]

    @task(1)
    def dashboard(self):
        self.client.get("/", name="tableau de bord")

    @task(3)
    def file_page(self):
        household = random.choice(self.households)
        self.client.get(f"/menages/{household}/", name="page du dossier")
