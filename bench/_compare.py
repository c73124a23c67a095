"""Before / after on a kept benchmark database (not run by ``make bench``).

Serves the database of ``bench/file_page.py --keep`` with the code of each given tree in
turn (one server process per tree and round, same client, warm-up and interleaved
measure as bench/file_page.py) and prints the file page's and the dashboard's ratios to
the trivial view, round by round: two versions of the code compared under the same load.
A tree is a checkout of prevex (e.g. ``git archive <commit> | tar -x -C <dir>``).

    python bench/_compare.py sqlite:///var/bench/bench.sqlite3 <before-tree> <after-tree>
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import file_page as fp


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--requests", type=int, default=150)
    args = parser.parse_args()
    env = fp.engine_env(args.database_url)
    here = fp.ROOT
    prepared = subprocess.run(  # the kept data; a new session, the same households
        [fp.PYTHON, str(here / "bench" / "_prepare.py"), "--households", "1", "--follow-up"],
        cwd=here, env=env, stdout=subprocess.PIPE, text=True, check=True, timeout=600,
    )  # fmt: skip
    data = json.loads(prepared.stdout.strip().splitlines()[-1])
    for round_ in range(args.rounds):
        for tree in args.trees:
            fp.ROOT = tree.resolve()  # Server runs <tree>/bench/_server.py from <tree>
            server = fp.Server(env, here / "var" / "bench" / "server-compare.log")
            try:
                server.wait_ready()
                client = fp.Client(server.port, data["session"])
                res = fp.measure(client, data["households"], args.requests, seed=7 + round_)
            finally:
                server.stop()
            t, f, d = res["trivial"], res["file"], res["dashboard"]
            fp.say(
                f"round {round_} {tree}: trivial {t['p50']:.1f} / {t['p95']:.1f} ms, "
                f"file page {f['p50']:.1f} / {f['p95']:.1f} ms, dashboard {d['p50']:.1f} / "
                f"{d['p95']:.1f} ms; file ÷ trivial p95 {f['p95'] / t['p95']:.2f}, "
                f"p50 {f['p50'] / t['p50']:.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
