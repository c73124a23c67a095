"""The sessions pages (see urls.py)."""

urlpatterns: list = []
