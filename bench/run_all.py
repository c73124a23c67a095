"""``make bench``: every benchmark, one after the other (never run as tests).

Options are passed to each benchmark (e.g. ``--households 5000`` for a quick run);
results are printed and recorded in docs/benchmarks.md.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import file_page  # noqa: E402

BENCHMARKS = [("Page d'un dossier", file_page.main)]

import work_list  # noqa: E402  (bench/work_list.py: the work list « à faire »)

BENCHMARKS.append(("Liste « à faire » d'un organisme (5 000 dossiers ouverts)", work_list.main))

import matching  # noqa: E402  (bench/matching.py: household matching, prevex vs Splink 5)

BENCHMARKS.append(("Rapprochement des ménages (prevex et Splink 5)", matching.main))

# --- synthetic département generator (prevex.synth): FR throughput, 93 calibration ---
import generate  # noqa: E402  (bench/generate.py)

BENCHMARKS.append(("Générateur de département fictif (FR, 93)", generate.main))

# --- intake: import throughput (bench/import.py; "import" is a keyword, hence import_module) ---
import importlib  # noqa: E402

BENCHMARKS.append(("Débit de l'import de notifications", importlib.import_module("import").main))

import commission  # noqa: E402  (bench/commission.py: a 60-file commission session, issue 13)

BENCHMARKS.append(("Séance de commission (60 dossiers, fiches figées, PDF)", commission.main))


def main() -> int:
    args = sys.argv[1:]
    if "--write-doc" not in args:
        args = [*args, "--write-doc"]
    status = 0
    for title, run in BENCHMARKS:
        print(f"##### {title}", flush=True)
        status = max(status, run(args))
    return status


if __name__ == "__main__":
    sys.exit(main())
