"""Test-suite traps (docs/architecture.md, « Conventions »): unordered querysets are
shuffled, warnings are errors (pyproject), undefined template variables raise
(settings.test)."""

import pytest
from django.db.models.sql import compiler

_original_get_order_by = compiler.SQLCompiler.get_order_by


def _shuffled_get_order_by(self):
    """Querysets with no explicit ordering come back in random order."""
    result = _original_get_order_by(self)
    query = self.query
    if (
        not result
        and not query.is_sliced
        and not query.distinct
        and not getattr(query, "combinator", None)
        and not query.subquery
        and query.group_by is None
        and not query.annotation_select
    ):
        from django.db.models.expressions import OrderBy
        from django.db.models.functions import Random

        return [(OrderBy(Random()), ("RANDOM()", [], False))]
    return result


@pytest.fixture(autouse=True, scope="session")
def _shuffle_unordered_querysets():
    compiler.SQLCompiler.get_order_by = _shuffled_get_order_by
    yield
    compiler.SQLCompiler.get_order_by = _original_get_order_by


@pytest.fixture(autouse=True)
def _frozen_clock():
    """Release any date pinned by a test, and forget cached legal rules."""
    from prevex.core import clock
    from prevex.procedures.rules import clear_rule_cache

    clear_rule_cache()
    yield
    clock.freeze(None)
    clear_rule_cache()


@pytest.fixture
def login_as(client):
    """Log a membership's user in with a verified second factor and pick the organisation."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def _login(membership, *, the_client=None, reauthenticated=True):
        """``reauthenticated``: as if the password had just been confirmed (the exports
        ask for it again; tests/pages/test_export_reauth.py logs in without it)."""
        import time

        from prevex.accounts.reauth import REAUTH_KEY

        c = the_client or client
        device, _ = TOTPDevice.objects.get_or_create(
            user=membership.user, name="test", defaults={"confirmed": True}
        )
        c.force_login(membership.user)
        session = c.session
        session["otp_device_id"] = device.persistent_id
        session["membership_id"] = membership.pk
        if reauthenticated:
            session[REAUTH_KEY] = int(time.time())
        session.save()
        return c

    return _login


@pytest.fixture
def reseeded_db(transactional_db):
    """Transactional tests flush the tables, including the legal rules and access defaults
    seeded by migration: seed them again (as tests/browser/conftest.py does)."""
    from prevex.access.defaults import seed_access_defaults
    from prevex.access.models import AccessRule, ActPermission
    from prevex.core.models import Departement
    from prevex.procedures.models import LegalRule
    from prevex.procedures.rules_data import seed_legal_rules

    seed_legal_rules(legal_rule_model=LegalRule, departement_model=Departement)
    seed_access_defaults(act_permission_model=ActPermission, access_rule_model=AccessRule)
