"""The ``id`` path converter: a positive integer that fits the database's ids.

Django's ``int`` converter accepts any number of digits; an id above 2^63 − 1 then
reaches the database driver and fails with ``OverflowError`` (a 500). Every route takes
its ids with ``<id:…>``: anything out of range matches no route, a 404
(tests/core/test_routes.py checks every route, and that no ``<id:…>`` is left).
"""

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("identifiant hors limites")  # the route does not match: 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))
