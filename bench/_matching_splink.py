"""Splink 5 (DuckDB backend) on bench/matching.py's rows: the same standardisation as
prevex (folded names, expanded street types), u by random sampling, m by EM, clusters at
a match probability of 0.9 (and at its best threshold, for information). Splink and DuckDB
are benchmark-only dependencies (uv group ``bench``); prevex never imports them."""

from __future__ import annotations

import time

from bench._matching_report import SPLINK_THRESHOLD, pairwise


def splink_records(rows: list) -> list[dict]:
    from prevex.core.normalize import parse_address
    from prevex.core.text import fold

    records = []
    for index, (_, record) in enumerate(rows):
        address = parse_address(record.address)
        records.append(
            {
                "unique_id": index,
                "first_name": fold(record.first_name) or None,
                "surname": fold(record.last_name) or None,
                "dob": record.birth_date.isoformat() if record.birth_date else None,
                "postcode": record.postal_code or None,
                "house_number": address.number or None,
                "street": address.text or None,
                "co_name": fold(f"{record.co_last_name} {record.co_first_name}") or None,
            }
        )
    return records


def run_splink(rows: list) -> dict:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    records = splink_records(rows)
    started = time.perf_counter()
    db_api = DuckDBAPI()
    table = db_api.register(records, table_name="notifications")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ForenameSurnameComparison("first_name", "surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("postcode"),
            cl.ExactMatch("house_number"),
            cl.JaroWinklerAtThresholds("street", [0.95, 0.85]),
            cl.JaroWinklerAtThresholds("co_name", [0.92]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("surname", "postcode"),
            block_on("first_name", "postcode"),
            block_on("dob"),
            block_on("postcode", "house_number", "street"),
            block_on("first_name", "surname"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(table, settings, log_level="ERROR")
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("postcode", "house_number", "street")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    predictions = linker.inference.predict(threshold_match_probability=0.3)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=SPLINK_THRESHOLD
    )
    cluster_of = {r["unique_id"]: r["cluster_id"] for r in clusters.as_record_list()}
    elapsed = time.perf_counter() - started
    truth = [t for t, _ in rows]
    metrics = pairwise([cluster_of.get(i, f"seul-{i}") for i in range(len(rows))], truth)
    best = (SPLINK_THRESHOLD, metrics)
    for threshold in (0.5, 0.7, 0.8, 0.95, 0.99):
        other = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        )
        mapping = {r["unique_id"]: r["cluster_id"] for r in other.as_record_list()}
        candidate = pairwise([mapping.get(i, f"seul-{i}") for i in range(len(rows))], truth)
        if candidate[2] > best[1][2]:
            best = (threshold, candidate)
    assigned = [cluster_of.get(i, f"seul-{i}") for i in range(len(rows))]
    return {
        "metrics": metrics,
        "best": best,
        "seconds": elapsed,
        "assigned": assigned,
        "threshold": SPLINK_THRESHOLD,
    }
