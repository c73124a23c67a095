"""Presets are data (TOML, with ``extends``); bad input gets a French message."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from prevex.core.errors import BusinessError
from prevex.synth.api import generate, parse_years
from prevex.synth.presets import apportion, load_preset


def test_fr_spreads_national_volumes_over_the_departements_by_tenants():
    preset = load_preset("FR")
    quotas = preset.quotas(2019, 1.0)
    assert len(quotas) == 101
    assert sum(q["CDP"] for q in quotas.values()) == 490_000
    assert sum(q["EXPULSION"] for q in quotas.values()) == 15_500
    share = quotas["93"]["CDP"] / 490_000
    assert 0.028 <= share <= 0.036  # 386 000 tenants ≈ 3.3 % of the French tenants
    assert quotas["75"]["CDP"] > quotas["48"]["CDP"] * 20
    assert preset.table("delays") == load_preset("93").table("delays")  # extends = "93"


def test_apportion_is_exact_and_stable():
    weights = {"a": 1.0, "b": 1.0, "c": 1.0}
    assert apportion(10, weights) == {"a": 4, "b": 3, "c": 3}
    assert sum(apportion(7, {"x": 0.2, "y": 0.5, "z": 0.3}).values()) == 7


def _write(tmp_path, text):
    path = tmp_path / "mon-departement.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_user_preset_extending_the_93(tmp_path):
    path = _write(
        tmp_path,
        """
[preset]
code = "95"
name = "Val-d'Oise"
extends = "93"

[territory]
departements = ["95"]
zone1_departements = []

[volumes]
CDP = 6000
ASSIGNATION = 2400
JUGEMENT = 2100
CQL = 1300
RFP = 1200
CFP_ACCORDE = 1000
CFP_REFUSE = 100
EXPULSION = 700
CCAPEX_EXAMEN = 300
""",
    )
    result = generate(preset=path, years="2019", seed=1, scale=0.1, out=tmp_path / "out")
    counts = result.summary["counts"]["2019"]
    assert counts["CDP"] == 600 and counts["EXPULSION"] == 70
    truth = (tmp_path / "out" / "truth_procedures.csv").read_text(encoding="utf-8")
    assert ";95;" in truth and ";93;" not in truth


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[preset]\ncode = "x"\nextends = "93"\n[shares]\ndsf = 1.5\n', "[shares] dsf doit être"),
        ('[preset]\ncode = "x"\nextends = "93"\n[decisions]\nFERME = 0.9\n', "totaliser 1"),
        (
            '[preset]\ncode = "x"\nextends = "93"\n[territory]\ndepartements = ["99"]\n',
            "département(s) inconnu(s) : 99",
        ),
        ("[preset\n", "fichier TOML illisible"),
        ('[preset]\ncode = "x"\n', "la table [territory] manque"),
    ],
)
def test_bad_presets_get_a_french_message(tmp_path, text, message):
    with pytest.raises(BusinessError) as error:
        load_preset(_write(tmp_path, text))
    assert message in error.value.messages[0]


def test_years_and_options_are_checked():
    assert parse_years("2017-2024") == range(2017, 2025)
    assert parse_years(2019) == range(2019, 2020)
    for bad in ("2024-2017", "1990", "dix-neuf", "2019-2999"):
        with pytest.raises(BusinessError):
            parse_years(bad)


def test_command_writes_files_and_refuses_bad_input_in_french(tmp_path, capsys):
    call_command("generate", "--years", "2019", "--scale", "0.01", "--out", str(tmp_path))
    assert "lignes de notification écrites" in capsys.readouterr().out
    assert (tmp_path / "commissaires_justice.csv").exists()
    with pytest.raises(CommandError, match="Indiquez le dossier de sortie"):
        call_command("generate", "--years", "2019")
    with pytest.raises(CommandError, match="taux de bruit"):
        call_command("generate", "--noise", "2", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="Preset « 75 » : fichier introuvable"):
        call_command("generate", "--preset", "75", "--out", str(tmp_path))
