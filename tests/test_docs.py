"""The docs stand alone: nothing in README.md or docs/ points outside the repository, every
relative link or quoted path resolves, and the import format's example does what it says."""

import datetime
import re
from pathlib import Path

import pytest

from prevex.accounts.models import OrganisationType
from prevex.core import clock
from prevex.households.models import Household, Parc
from prevex.intake.models import ImportRow, RowStatus
from prevex.intake.services import file_import
from tests import factories

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])

LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)>\s]+)>?(?:\s+\"[^\"]*\")?\s*\)")
CODE = re.compile(r"`([^`\n]+)`")
# A quoted repository path: starts with one of the repository's top-level entries.
TOP_LEVEL = ("docs/", "prevex/", "tests/", "bench/", "scripts/", ".ci/")
FILE_LIKE = re.compile(r"^[\w./-]+\.(md|py|toml|png|json|csv|txt|html)$")
# "../", a file system root (URL paths of the app such as /imports/ stay allowed), file:.
OUTSIDE = re.compile(
    r"(^|[\s(`'\"=])(\.\./|/(work|home|root|tmp|usr|etc|opt|srv|mnt|var/lib)\b|~/|file://)"
)


def _ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


def _links(text: str) -> list[str]:
    return [m.group(1) for m in LINK.finditer(text)]


def _quoted_paths(text: str) -> list[str]:
    """Paths quoted in backticks that name a file of the repository (``docs/api.md``)."""
    found = []
    for match in CODE.finditer(text):
        value = match.group(1).strip()
        if value.startswith(TOP_LEVEL) and FILE_LIKE.match(value):
            found.append(value)
    return found


def test_the_docs_are_found():
    names = {p.name for p in DOCS}
    assert {"README.md", "domain.md", "import-format.md", "architecture.md"} <= names


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_no_path_outside_the_repository(doc):
    for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), start=1):
        assert not OUTSIDE.search(line), f"{doc.name}:{number} points outside: {line.strip()}"


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_every_relative_link_resolves(doc):
    text = doc.read_text(encoding="utf-8")
    for target in _links(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # a URL or an anchor of the same page
        path = target.split("#", 1)[0]
        assert not path.startswith("/"), f"{doc.name}: absolute link {target}"
        resolved = (doc.parent / path).resolve()
        assert resolved.is_relative_to(ROOT), f"{doc.name}: {target} leaves the repository"
        assert resolved.exists(), f"{doc.name}: {target} does not exist"


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_every_quoted_repository_path_exists(doc):
    for path in _quoted_paths(doc.read_text(encoding="utf-8")):
        assert (ROOT / path).exists(), f"{doc.name}: `{path}` does not exist"


OUTSIDE_CODE = re.compile(r"\.\./|/work\b|shared/(docs|data|seeds)\b")
SOURCES = sorted(
    p
    for folder in ("prevex", "tests", "bench", "scripts")
    for p in (ROOT / folder).rglob("*")
    if p.suffix in {".py", ".toml", ".html"} and p.name != "test_docs.py"
)


def test_code_comments_name_only_docs_of_the_repository():
    """A docstring or comment that names a Markdown file names one of the repository's,
    with its path (``docs/domain.md``), never a file outside (``../shared/…``)."""
    known = {p.relative_to(ROOT).as_posix() for p in DOCS}
    names = {p.name for p in DOCS}
    bad = []
    for source in SOURCES:
        text = source.read_text(encoding="utf-8")
        where = source.relative_to(ROOT)
        bad += [f"{where}: {m.group(0)}" for m in OUTSIDE_CODE.finditer(text)]
        for match in re.finditer(r"[\w./-]+\.md\b", text):
            name = match.group(0)
            exists = name in known if "/" in name else name in names
            if not exists:
                bad.append(f"{where}: {name}")
    assert not bad, bad


def test_the_checks_catch_a_bad_link():
    text = "See [the brief](../shared/docs/domain.md) and `docs/nowhere.md`."
    assert OUTSIDE.search(text)
    assert OUTSIDE_CODE.search("# Figures from ../shared/data/calibration.md.")
    assert OUTSIDE.search("`/opt/elsewhere/style.md`")  # a fictitious absolute path
    assert not OUTSIDE.search("« Imports » (`/imports/`), then a file: choose it")
    assert _links(text) == ["../shared/docs/domain.md"]
    assert _quoted_paths(text) == ["docs/nowhere.md"]
    assert not (ROOT / "docs/nowhere.md").exists()


# --------------------------------------------------------------------------- example


def _example_csv() -> bytes:
    text = (ROOT / "docs" / "import-format.md").read_text(encoding="utf-8")
    block = re.search(r"## Example.*?```csv\n(.*?)```", text, re.S)
    assert block, "docs/import-format.md has no CSV example"
    return block.group(1).encode("utf-8")


def test_the_import_format_example_does_what_the_doc_says(db):
    clock.freeze(datetime.date(2025, 12, 1))
    factories.departement("93")
    factories.commune("93066", "Saint-Denis", "93200")
    factories.commune("93001", "Aubervilliers", "93300")
    bailiff = factories.MembershipFactory(
        organisation__type=OrganisationType.COMMISSAIRE_JUSTICE,
        organisation__slug="etude-exemple",
    )
    content = _example_csv()

    batch = file_import(
        source=bailiff.organisation, content=content, filename="exemple.csv", by=bailiff
    )
    rows = list(ImportRow.objects.filter(batch=batch).order_by("line"))
    assert [r.status for r in rows] == [RowStatus.IMPORTE] * 3, [r.errors for r in rows]
    cdp, assignation, cql = rows
    assert cdp.household_id == assignation.household_id != cql.household_id
    assert cdp.procedure_id == assignation.procedure_id
    assert assignation.event.hearing_date == datetime.date(2025, 11, 18)
    assert Household.objects.get(pk=cql.household_id).parc == Parc.PRIVE
    assert cql.procedure.stage == "CQL"

    again = file_import(
        source=bailiff.organisation, content=content, filename="exemple.csv", by=bailiff
    )
    assert (again.doublons, again.importes) == (3, 0)
