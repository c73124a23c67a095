"""The follow pages (see urls.py)."""

urlpatterns: list = []
