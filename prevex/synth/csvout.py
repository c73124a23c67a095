"""Notification files in the import format (docs/import-format.md), with truth files.

One CSV per sender kind, exactly the columns of the import format, separator ``;``,
UTF-8, ``\\n`` line ends, one line per row (``line`` in the truth file is the line of
the file: the header is line 1). Rows are in the order the sender sent them: act date
plus a transmission delay (months later for the late ones), then act date and
procedure. Streaming: each département is written as soon as it is simulated.

Truth files (same separator): ``truth.csv`` (one line per notification row: file, line,
true household and procedure, true act type and date, reference, duplicate flag, kinds of
noise, day sent), ``truth_procedures.csv`` and ``truth_events.csv`` (every act of every
procedure written, the DSF, hearings and acts before the requested years included).
"""

from __future__ import annotations

import csv
import operator
import random
import shutil
from pathlib import Path

from .model import DEBT_STAGES, ISO, NOT_IN_FILES, STAGE_ORDER, Proc
from .noise import COLUMNS, Noise
from .output import SENDER, SENDERS
from .people import VULNERABILITY_NOTES

TRUTH_COLUMNS = ("file", "line", "household", "procedure", "type_acte", "date_acte",
                 "reference_acte", "is_duplicate", "noise", "sent_on")  # fmt: skip
PROCEDURE_COLUMNS = ("procedure", "household", "departement", "parc", "ground", "opened_on",
                     "closed_on", "outcome", "ccapex_examined_on", "dsf", "vulnerability")  # fmt: skip
EVENT_COLUMNS = ("procedure", "stage", "date", "reference", "hearing_date", "decision",
                 "contradictoire", "grace_months", "cfp_decision", "debt", "in_files")  # fmt: skip
# What each sender knows (percent of its households for the optional columns).
PROFILES = {
    "caf": {"birth": 100, "insee": 100, "complement": 0, "contact": True, "rent": True,
            "upper": False},
    "commissaires_justice": {"birth": 35, "insee": 50, "complement": 50, "contact": False,
                             "rent": True, "upper": True},
    "bailleurs_sociaux": {"birth": 90, "insee": 100, "complement": 100, "contact": True,
                          "rent": True, "upper": False},
    "tribunal": {"birth": 70, "insee": 0, "complement": 0, "contact": False, "rent": False,
                 "upper": False},
    "prefecture": {"birth": 50, "insee": 70, "complement": 30, "contact": False, "rent": False,
                   "upper": False},
}  # fmt: skip
DELAY = {"caf": 30, "commissaires_justice": 10, "bailleurs_sociaux": 15, "tribunal": 20,
         "prefecture": 15}  # fmt: skip
RENT_ACTS = frozenset({"IMPAYE", "SIGNALEMENT", "CDP", "SAISINE_BAILLEUR_SOCIAL", "ASSIGNATION"})
LATE_ACTS = frozenset({"CQL", "RFP", "CFP", "EXPULSION"})
VULNERABLE_NOTES = {
    kind: f"Occupant vulnérable signalé : {note.rstrip('.')}."
    for kind, note in VULNERABILITY_NOTES.items()
}


def household_id(dep: str, hid: int) -> str:
    return f"{dep}-M{hid:07d}"


def procedure_id(dep: str, pid: int) -> str:
    return f"{dep}-P{pid:07d}"


class CsvOutput:
    """The open files of one generation; ``write`` adds a département, ``close`` ends."""

    def __init__(self, out: Path, *, noise: float, preset, seed: int, header: bool = True):
        self.out, self.rate, self.preset, self.seed = out, noise, preset, seed
        self.header = header
        out.mkdir(parents=True, exist_ok=True)
        self._handles, self.writers, self.lines = [], {}, {}
        self.stats = {sender: {"rows": 0, "duplicates": 0, "noisy": 0} for sender in SENDERS}
        for sender in SENDERS:
            self.writers[sender] = self._open(f"{sender}.csv", COLUMNS)
            self.lines[sender] = 1
        self.truth = self._open("truth.csv", TRUTH_COLUMNS)
        self.procedures = self._open("truth_procedures.csv", PROCEDURE_COLUMNS)
        self.events = self._open("truth_events.csv", EVENT_COLUMNS)

    def _open(self, name: str, header) -> csv.writer:
        handle = open(self.out / name, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._handles.append(handle)
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        if self.header:
            writer.writerow(header)
        return writer

    def close(self) -> None:
        for handle in self._handles:
            handle.close()

    # ------------------------------------------------------------------ rows
    def _row(self, sender: str, act, p: Proc, h, debt: str) -> list[str]:
        """The row of ``act`` as ``sender`` writes it (what it knows, its habits)."""
        profile, stage = PROFILES[sender], act.stage
        key = (h.hid * 7 + len(sender)) % 100
        holder, co, upper = h.holder, h.cotitulaire, profile["upper"]
        address = h.address
        if h.complement and key < profile["complement"]:
            address = f"{address}, {h.complement}"
        contact = profile["contact"]
        rent = profile["rent"] and stage in RENT_ACTS
        note = act.note
        if h.vulnerability and stage in LATE_ACTS:
            note = f"{note} {VULNERABLE_NOTES[h.vulnerability]}".strip()
        return [
            stage, ISO[act.day], act.ref, p.ground,
            holder.last_name.upper() if upper else holder.last_name,
            holder.first_name,
            ISO[holder.birth] if key < profile["birth"] else "",
            "" if co is None else (co.last_name.upper() if upper else co.last_name),
            "" if co is None else co.first_name,
            address, h.postcode, h.place.name, h.place.insee if key < profile["insee"] else "",
            h.phone if contact else "", h.email if contact else "",
            h.landlord, h.ltype, "SOCIAL" if h.social else "PRIVE",
            f"{h.rent:.2f}" if rent else "", f"{h.charges:.2f}" if rent else "", debt,
            ISO[act.hearing] if stage == "ASSIGNATION" else "",
            act.decision, "" if act.contra is None else ("OUI" if act.contra else "NON"),
            act.cfp, note,
        ]  # fmt: skip

    def write(self, *, dep: str, procs: list[Proc], geo, first_day: int, horizon: int) -> None:
        """Write the rows of the acts of ``procs`` dated ``first_day``..``horizon``."""
        items: dict[str, list] = {sender: [] for sender in SENDERS}
        self._ids: dict = {}
        debts: dict[int, str] = {}  # id(act) → arrears, computed once for rows and truth
        for p in procs:
            h = p.household
            if p.ground == "IMPAYES":
                cost = h.rent + h.charges
                for act in p.acts:
                    if act.stage in DEBT_STAGES:
                        debts[id(act)] = p.debt_text(act.day, cost)
            for act in p.acts:
                if act.day < first_day or act.stage in NOT_IN_FILES:
                    continue
                sender = SENDER[act.stage]
                row = self._row(sender, act, p, h, debts.get(id(act), ""))
                items[sender].append([act.day, act.day, p.pid, STAGE_ORDER[act.stage], 0, row,
                                      p, act, ""])  # fmt: skip
        weights = self.preset.table("noise")
        for sender in SENDERS:
            rng = random.Random(f"{self.seed}|{self.preset.code}|{dep}|noise|{sender}")
            noise = Noise(
                rate=self.rate, weights=weights, rng=rng, other_postcode=geo.other_postcode
            )
            self._write_sender(sender, items[sender], noise, rng, dep)
        self._write_truth(dep, procs, first_day, debts)

    def _write_sender(self, sender: str, items: list, noise: Noise, rng, dep: str) -> None:
        delay, extra, r, rate = DELAY[sender] + 1, [], rng.random, noise.rate
        for item in items:
            item[0] += int(r() * delay)
            if r() >= rate:
                continue
            row, commune = item[5], item[6].household.commune
            kinds = noise.apply(noise.draw(row, commune), row, commune)
            if not kinds:
                continue
            item[8] = "|".join(kinds)
            if "ENVOI_TARDIF" in kinds:
                item[0] += rng.randint(60, 180)
            if "DOUBLON" in kinds:
                copy = list(item)
                copy[0] = item[0] + rng.randint(3, 60)
                copy[4], copy[5], copy[8] = 1, list(row), "DOUBLON"
                extra.append(copy)
        items.extend(extra)
        items.sort(key=operator.itemgetter(0, 1, 2, 3, 4))
        writer, truth, stats = self.writers[sender], self.truth, self.stats[sender]
        line, file = self.lines[sender], f"{sender}.csv"
        rows, truths, ids = [], [], self._ids
        for sent, day, pid, _order, duplicate, row, p, act, kinds in items:
            line += 1
            rows.append(row)
            household, procedure = ids.get(pid) or ids.setdefault(
                pid, (household_id(dep, p.hid), procedure_id(dep, pid))
            )
            truths.append((file, line, household, procedure, act.stage, ISO[day], act.ref,
                           duplicate, kinds, ISO[sent]))  # fmt: skip
            stats["duplicates"] += duplicate
            stats["noisy"] += bool(kinds) and not duplicate
        writer.writerows(rows)
        truth.writerows(truths)
        stats["rows"] += len(rows)
        self.lines[sender] = line

    def _write_truth(self, dep: str, procs: list[Proc], first_day: int, debts: dict) -> None:
        procedures, events = [], []
        contradictoire = {None: "", True: "OUI", False: "NON"}
        for p in procs:
            h, pid = p.household, procedure_id(dep, p.pid)
            dsf = ""
            for act in p.acts:
                stage, day = act.stage, act.day
                if stage == "DSF":
                    dsf = ISO[day]
                events.append((
                    pid, stage, ISO[day], act.ref, ISO[act.hearing] if act.hearing else "",
                    act.decision, contradictoire[act.contra], act.grace or "", act.cfp,
                    debts.get(id(act), ""),
                    1 if day >= first_day and stage not in NOT_IN_FILES else 0,
                ))  # fmt: skip
            procedures.append((
                pid, household_id(dep, p.hid), dep, "SOCIAL" if p.social else "PRIVE", p.ground,
                ISO[p.acts[0].day], ISO[p.closed] if p.closed else "", p.outcome,
                ISO[p.ccapex] if p.ccapex else "", dsf, h.vulnerability,
            ))  # fmt: skip
        self.procedures.writerows(procedures)
        self.events.writerows(events)


FILES = (*(f"{sender}.csv" for sender in SENDERS), "truth.csv", "truth_procedures.csv",
         "truth_events.csv")  # fmt: skip


def merge_part(final: CsvOutput, part_dir: Path, stats: dict) -> None:
    """Append a département written apart (``header=False``) to the final files, the
    truth lines renumbered after the rows already there (same bytes as writing directly)."""
    offsets = {f"{sender}.csv".encode(): final.lines[sender] - 1 for sender in SENDERS}
    for name in FILES:
        path = part_dir / name
        target = next(h for h in final._handles if Path(h.name).name == name)
        target.flush()
        with open(path, "rb") as source:
            if name != "truth.csv":
                shutil.copyfileobj(source, target.buffer, 1 << 20)
            else:
                lines = []
                for row in source:
                    file, line, rest = row.split(b";", 2)
                    lines.append(b"%s;%d;%s" % (file, int(line) + offsets[file], rest))
                target.buffer.write(b"".join(lines))
        target.buffer.flush()
        path.unlink()
    part_dir.rmdir()
    for sender in SENDERS:
        for key, value in stats[sender].items():
            final.stats[sender][key] += value
        final.lines[sender] += stats[sender]["rows"]
