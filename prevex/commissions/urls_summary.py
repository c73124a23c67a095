"""The summary pages (see urls.py)."""

urlpatterns: list = []
