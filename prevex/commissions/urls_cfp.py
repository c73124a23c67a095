"""The cfp pages (see urls.py)."""

urlpatterns: list = []
