"""Fail loudly (exit 1) when the PostgreSQL test server named by the URL is unreachable."""

import sys

import psycopg


def main(url: str) -> int:
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        print(f"PostgreSQL injoignable ({url}) : {exc}", file=sys.stderr)
        return 1
    print(f"PostgreSQL joignable : {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
