"""Per-token limits counted in the database: requests per minute, notifications per day."""

import datetime

import pytest

from prevex.api import ratelimit
from prevex.api.models import ApiUsage, UsageWindow
from prevex.api.services import api_token_create
from tests.api.conftest import ApiClient, data_counts, notification

pytestmark = pytest.mark.django_db

# 10:00:30 in Paris, 23 November 2026 (UTC+1): 30 s left in the minute.
NOW = datetime.datetime(2026, 11, 23, 9, 0, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    monkeypatch.setattr(ratelimit, "current_time", lambda: NOW)


def test_requests_over_the_minute_limit_get_429_with_retry_after(api, token_pair):
    token, _ = token_pair
    token.requests_per_minute = 3
    token.save()
    statuses = [api.get(999).status_code for _ in range(3)]
    assert statuses == [404, 404, 404]
    refused = api.get(999)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"
    assert refused.json()["detail"].startswith("Trop de requêtes")
    assert "3 requêtes par minute" in refused.json()["detail"]
    counter = ApiUsage.objects.get(token=token, window=UsageWindow.MINUTE)
    assert counter.count == 3  # a refused request consumes nothing


def test_the_next_minute_opens_a_new_window(api, token_pair, monkeypatch):
    token, _ = token_pair
    token.requests_per_minute = 1
    token.save()
    assert api.get(999).status_code == 404
    assert api.get(999).status_code == 429
    monkeypatch.setattr(ratelimit, "current_time", lambda: NOW + datetime.timedelta(seconds=30))
    assert api.get(999).status_code == 404


def test_limits_are_per_token(client, api, token_pair, bailiff):
    token, _ = token_pair
    token.requests_per_minute = 1
    token.save()
    _, other_clear = api_token_create(organisation=bailiff, name="Second", by=None)
    assert api.get(999).status_code == 404
    assert api.get(999).status_code == 429
    assert ApiClient(client, other_clear).get(999).status_code == 404


def test_daily_notification_quota_refuses_a_batch_that_would_exceed_it(api, token_pair):
    token, _ = token_pair
    token.rows_per_day = 3
    token.save()
    two = [notification(reference_acte=f"R{i}") for i in range(2)]
    assert api.post({"notifications": two}).status_code == 201
    before = data_counts()
    refused = api.post({"notifications": [notification(reference_acte=f"S{i}") for i in range(2)]})
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Quota journalier dépassé")
    assert "il en reste 1 aujourd'hui" in refused.json()["detail"]
    # Until midnight in Paris: 14 h minus 30 s.
    assert refused["Retry-After"] == str(14 * 3600 - 30)
    assert data_counts() == before
    # Another act (the same one under a new reference would be a duplicate).
    assert api.post(notification(reference_acte="T1", date_acte="2025-03-20")).status_code == 201
    assert api.post(notification(reference_acte="T2")).status_code == 429


def test_counters_are_atomic_conditional_updates(token_pair):
    """Two consumers never both take the last unit: the second UPDATE matches no row."""
    token, _ = token_pair
    token.requests_per_minute = 2
    ratelimit.check_request(token=token)
    ratelimit.check_request(token=token)
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.check_request(token=token)
    assert ApiUsage.objects.get(token=token, window=UsageWindow.MINUTE).count == 2


def test_old_counters_are_cleaned_when_a_new_window_opens(token_pair, monkeypatch):
    token, _ = token_pair
    ratelimit.check_request(token=token)
    monkeypatch.setattr(ratelimit, "current_time", lambda: NOW + datetime.timedelta(days=3))
    ratelimit.check_request(token=token)
    assert ApiUsage.objects.filter(token=token).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_consumers_never_exceed_the_limit(bailiff):
    """Eight threads (eight database connections, as eight workers would have) race for
    five units: exactly five are granted."""
    import threading

    from django.db import connection

    token, _ = api_token_create(organisation=bailiff, name="Concurrence", by=None)
    token.requests_per_minute = 5
    token.save()
    granted, refused = [], []
    barrier = threading.Barrier(8)

    def consume():
        try:
            barrier.wait()
            try:
                ratelimit.check_request(token=token)
                granted.append(1)
            except ratelimit.RateLimited:
                refused.append(1)
        finally:
            connection.close()

    threads = [threading.Thread(target=consume) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (len(granted), len(refused)) == (5, 3)
    assert ApiUsage.objects.get(token=token, window=UsageWindow.MINUTE).count == 5
