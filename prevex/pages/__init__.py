"""Composed pages: the household file page and the dashboard, assembled from the panels
the domain apps supply (see prevex.core.panels). The top layer: it may import any app,
no app imports it."""
