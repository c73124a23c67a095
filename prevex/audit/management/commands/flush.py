"""``flush`` empties the whole database, journals included (an operator's act).

On PostgreSQL it truncates, which the journals' row triggers ignore. On SQLite it deletes
row by row: the journals' delete triggers let it through only while this command runs
(prevex/audit/db.py). Django's test suite runs it after each transactional test.
"""

from django.core.management.commands.flush import Command as DjangoFlush

from prevex.audit.db import purge_allowed


class Command(DjangoFlush):
    def handle(self, **options):
        with purge_allowed():
            return super().handle(**options)
