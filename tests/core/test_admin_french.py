"""The administration speaks French: every application and model heading of its index,
and the second-factor devices' search help (django-otp writes it in English)."""

import re

import pytest
from django.apps import apps
from django.urls import reverse

from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# Titles Django derives from an application's label when it has no verbose_name.
ENGLISH_TITLES = {"Accounts", "Api", "Core", "Households", "Intake", "Matching", "Lifecycle"}


@pytest.fixture
def admin_client(login_as):
    user = UserFactory(is_staff=True, is_superuser=True)
    return login_as(MembershipFactory(user=user))


def test_every_prevex_application_has_a_french_name():
    unnamed = [
        config.name
        for config in apps.get_app_configs()
        if config.name.startswith("prevex.") and config.verbose_name == config.label.title()
    ]
    assert unnamed == []


def test_the_admin_index_has_no_english_application_heading(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    headings = set(re.findall(r'class="section"[^>]*>([^<]+)</a>', html))
    assert headings, "no application heading found"
    assert not headings & ENGLISH_TITLES


@pytest.mark.parametrize("model", ["otp_totp_totpdevice", "otp_static_staticdevice"])
def test_the_devices_search_help_is_in_french(admin_client, model):
    html = admin_client.get(reverse(f"admin:{model}_changelist")).content.decode()
    assert "Search by" not in html
    assert "Rechercher par" in html
