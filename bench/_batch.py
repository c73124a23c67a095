"""The batch pass of bench/matching.py: ``match_records`` on the final database, the
way the import calls it (1,000 rows per call), and its reference measured in the same
run: the same batches through the key lookup alone (each record's keys computed, then
one query per batch) — what any matcher that blocks on stored keys pays before it
compares anything. The ratio moves less with the host's speed than the rows per second,
but it still moves (docs/benchmarks.md)."""

from __future__ import annotations

import os
import time

BATCH = 1000


def batch_pass(records: list, departement: str) -> dict:
    """Rates (rows per second, per CPU-second) of ``match_records`` and of the key
    lookup alone, and the machine's load average (Django set up)."""
    from prevex.matching.keys import record_key_values
    from prevex.matching.profiles import key_hits
    from prevex.matching.services import match_records

    # The rate per second of the process's CPU time too, which the load of a shared
    # machine does not change much.
    # PREVEX_BENCH_PROFILE_BATCH=path: a CPU profile of this pass, written there (pstats).
    profile_path = os.environ.get("PREVEX_BENCH_PROFILE_BATCH")
    profiler = None
    if profile_path:
        import cProfile

        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
    tick, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(records), BATCH):
        match_records(records=records[start : start + BATCH], departement=departement)
    wall, used = time.perf_counter() - tick, time.process_time() - cpu
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile_path)
    tick = time.perf_counter()
    for start in range(0, len(records), BATCH):
        keys = [record_key_values(r) for r in records[start : start + BATCH]]
        key_hits(set().union(*keys), departement)
    reference = time.perf_counter() - tick
    return {
        "batch_rate": len(records) / wall,
        "batch_cpu_rate": len(records) / max(used, 1e-9),
        "lookup_rate": len(records) / max(reference, 1e-9),
        "load": os.getloadavg()[0],
    }


def batch_line(prevex: dict, label: str) -> str:
    """The report's sentence on the batch pass (French)."""
    line = (
        f"Rapprochement par lots de 1 000 ({label}) sur la base finale : "
        f"{prevex['batch_rate']:.0f} lignes/s"
    )
    if "batch_cpu_rate" in prevex:
        line += (
            f" ({prevex['batch_cpu_rate']:.0f} lignes par seconde de CPU du processus ; "
            f"charge de la machine {prevex['load']:.1f})"
        )
    if "lookup_rate" in prevex:
        line += (
            f". Référence mesurée dans le même passage : la seule recherche des clés en base, "
            f"pour les mêmes lots, {prevex['lookup_rate']:.0f} lignes/s ; rapprochement ÷ "
            f"référence = {prevex['batch_rate'] / prevex['lookup_rate']:.2f}"
        )
    return line + "."
