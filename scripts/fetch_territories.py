"""Build prevex/core/data/territories.json.gz from two pinned npm packages.

Run by hand when the geographic code changes (once a year), never at run time:

    .venv/bin/python scripts/fetch_territories.py            # pinned versions below
    .venv/bin/python scripts/fetch_territories.py --check    # exit 1 if the file would change

Sources (see docs/decisions/2026-11-23-territories-from-npm.md):

* ``@etalab/decoupage-administratif``: INSEE's Code officiel géographique (départements,
  communes with their legal population and La Poste postcodes);
* ``codes-postaux``: postcode → commune with La Poste's « libellé d'acheminement ».

Only the npm registry is contacted (``npm pack``). The output is deterministic: sorted
records, sorted JSON keys, gzip with mtime=0, so running twice gives identical bytes.
This script uses the standard library only (no Django).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from pathlib import Path

PACKAGES = {
    "@etalab/decoupage-administratif": "6.0.0",
    "codes-postaux": "4.1.2",
}
OUTPUT = Path(__file__).resolve().parent.parent / "prevex" / "core" / "data" / "territories.json.gz"
FORMAT_VERSION = 1
# The 101 départements: metropolitan France (including 2A/2B) and the five DROM.
KEPT_ZONES = {"metro", "drom"}


def npm_pack_members(package: str, version: str, members: list[str]) -> dict[str, bytes]:
    """Download ``package@version`` with ``npm pack`` and return the named tarball members."""
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(
            ["npm", "pack", f"{package}@{version}", "--silent"],
            cwd=tmp,
            check=True,
            capture_output=True,
            text=True,
        )
        tarball = Path(tmp) / result.stdout.strip().splitlines()[-1]
        out: dict[str, bytes] = {}
        with tarfile.open(tarball, "r:gz") as tar:
            manifest = json.load(tar.extractfile("package/package.json"))
            if manifest["version"] != version:
                raise SystemExit(f"{package}: version {manifest['version']} au lieu de {version}")
            for name in members:
                out[name] = tar.extractfile(f"package/{name}").read()
        return out


def locality_from_name(name: str) -> str:
    """La Poste's style of « libellé d'acheminement »: capitals, no accents, no hyphens."""
    text = name.replace("Œ", "OE").replace("œ", "oe")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).upper()
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", text).split())


def build_dataset(
    *,
    departements: list[dict],
    communes: list[dict],
    codes_postaux: list[dict],
    sources: dict[str, str],
) -> dict:
    """Turn the packages' JSON into the compact committed structure.

    Postcode rows come from ``codes-postaux`` (with their libellé d'acheminement); codes
    of merged communes and of Paris/Lyon/Marseille arrondissements are mapped to the
    current commune. Pairs only known to the COG (``codesPostaux`` of each commune) are
    added with a libellé derived from the commune's name.
    """
    kept_deps = {d["code"]: d for d in departements if d["zone"] in KEPT_ZONES}
    current = {
        c["code"]: c
        for c in communes
        if c["type"] == "commune-actuelle" and c["departement"] in kept_deps
    }

    # Old or secondary codes → current commune (smallest code if ever ambiguous).
    parents: dict[str, set[str]] = {}
    for c in communes:
        if c["code"] in current:
            continue
        if c["type"] == "arrondissement-municipal":
            parents.setdefault(c["code"], set()).add(c["commune"])
        elif c["type"] in {"commune-deleguee", "commune-associee"} and c.get("chefLieu"):
            parents.setdefault(c["code"], set()).add(c["chefLieu"])
    for c in current.values():
        for old in c.get("anciensCodes", []):
            if old not in current:
                parents.setdefault(old, set()).add(c["code"])

    def resolve(code: str) -> str | None:
        if code in current:
            return code
        found = sorted(p for p in parents.get(code, ()) if p in current)
        return found[0] if found else None

    rows: set[tuple[str, str, str]] = set()
    for entry in codes_postaux:
        insee = resolve(entry["codeCommune"])
        if insee is not None:
            rows.add((entry["codePostal"], insee, entry["libelleAcheminement"]))
    known_pairs = {(code, insee) for code, insee, _ in rows}
    for c in current.values():
        for code in c.get("codesPostaux", []):
            if (code, c["code"]) not in known_pairs:
                rows.add((code, c["code"], locality_from_name(c["nom"])))

    return {
        "format": FORMAT_VERSION,
        "sources": [{"name": name, "version": sources[name]} for name in sorted(sources)],
        "fields": {
            "departements": ["code", "name", "region_code"],
            "communes": ["insee", "name", "departement", "population"],
            "postal_codes": ["code", "insee", "locality"],
        },
        "departements": sorted([d["code"], d["nom"], d["region"]] for d in kept_deps.values()),
        "communes": sorted(
            [c["code"], c["nom"], c["departement"], int(c.get("population") or 0)]
            for c in current.values()
        ),
        "postal_codes": [list(row) for row in sorted(rows)],
    }


def encode_dataset(dataset: dict) -> bytes:
    """Deterministic bytes: sorted keys, no whitespace, gzip header without date or name."""
    text = json.dumps(dataset, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return buffer.getvalue()


def fetch() -> dict:
    cog = npm_pack_members(
        "@etalab/decoupage-administratif",
        PACKAGES["@etalab/decoupage-administratif"],
        ["data/departements.json", "data/communes.json"],
    )
    cp = npm_pack_members("codes-postaux", PACKAGES["codes-postaux"], ["codes-postaux.json"])
    return build_dataset(
        departements=json.loads(cog["data/departements.json"]),
        communes=json.loads(cog["data/communes.json"]),
        codes_postaux=json.loads(cp["codes-postaux.json"]),
        sources=PACKAGES,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--check", action="store_true", help="ne rien écrire ; code 1 si le fichier changerait"
    )
    args = parser.parse_args(argv)
    dataset = fetch()
    payload = encode_dataset(dataset)
    summary = (
        f"{len(dataset['departements'])} départements, {len(dataset['communes'])} communes, "
        f"{len(dataset['postal_codes'])} lignes de codes postaux ({len(payload)} octets)"
    )
    current = args.output.read_bytes() if args.output.exists() else None
    if args.check:
        print(f"{summary} : {'à jour' if current == payload else 'DIFFÉRENT'}")
        return 0 if current == payload else 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(payload)
    print(f"{args.output} : {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
