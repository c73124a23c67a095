"""The deployment files and the operations guide agree with each other and with the
settings (no container daemon on the CI machine: this replaces building the image)."""

import re
import runpy
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OPERATIONS = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
# The settings read by production: base.py and the modules it builds on (jobs.py).
SETTINGS = "\n".join(
    (ROOT / "prevex" / "settings" / name).read_text(encoding="utf-8")
    for name in ("base.py", "jobs.py")
)
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
SYSTEMD = {
    p.name: p.read_text(encoding="utf-8") for p in (ROOT / "deploy" / "systemd").glob("*.service")
}
ENV_EXAMPLE = (ROOT / "deploy" / "prevex.env.example").read_text(encoding="utf-8")

WEB = "gunicorn --config deploy/gunicorn.conf.py prevex.wsgi:application"
WORKER = "python manage.py run_huey"
MIGRATE = "python manage.py migrate --noinput"


def _command(service: str) -> str:
    return " ".join(COMPOSE["services"][service]["command"])


def test_the_compose_file_runs_the_documented_commands():
    assert set(COMPOSE["services"]) == {"db", "redis", "migrate", "web", "worker"}
    assert _command("web") == WEB
    assert _command("worker") == WORKER
    assert _command("migrate") == MIGRATE
    for command in (WEB, WORKER, MIGRATE):
        assert f"`{command}`" in OPERATIONS, command
    cmd = re.search(r"^CMD (\[.*\])$", DOCKERFILE, re.M).group(1)
    assert " ".join(yaml.safe_load(cmd)) == WEB


def test_every_long_running_service_has_a_health_check_and_web_probes_sante():
    for name in ("db", "redis", "web", "worker"):
        assert "healthcheck" in COMPOSE["services"][name], name
    probe = " ".join(COMPOSE["services"]["web"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/sante/" in probe
    environment = COMPOSE["x-prevex"]["environment"]
    assert environment["DJANGO_SETTINGS_MODULE"] == "prevex.settings.base"
    assert environment["PREVEX_DATABASE_URL"].startswith("postgresql://")
    assert environment["PREVEX_REDIS_URL"].startswith("redis://redis:")


def test_the_systemd_units_run_the_same_commands():
    web, worker = SYSTEMD["prevex-web.service"], SYSTEMD["prevex-worker.service"]
    assert WEB in " ".join(shlex.split(web.split("ExecStart=", 1)[1].splitlines()[0])).replace(
        "/srv/prevex/.venv/bin/", ""
    )
    assert "manage.py run_huey" in worker and "manage.py migrate --noinput" in web
    for unit in (web, worker):
        assert "DJANGO_SETTINGS_MODULE=prevex.settings.base" in unit
        assert "User=prevex" in unit


def test_every_variable_named_in_the_deployment_files_is_a_setting_and_documented():
    named = set()
    for text in (OPERATIONS, ENV_EXAMPLE, (ROOT / "compose.yaml").read_text(encoding="utf-8")):
        named |= set(re.findall(r"\bPREVEX_[A-Z_]*[A-Z]\b", text))
    read = set(re.findall(r'"(PREVEX_[A-Z_]+)"', SETTINGS))
    assert {"PREVEX_REDIS_URL", "PREVEX_HUEY_FILE"} <= read  # the job queue's settings
    gunicorn = set(
        re.findall(r'"(PREVEX_[A-Z_]+)"', (ROOT / "deploy" / "gunicorn.conf.py").read_text())
    )
    assert named - read - gunicorn == set()
    undocumented = {v for v in read if f"`{v}`" not in README}
    assert undocumented == set()


def test_the_gunicorn_configuration_loads(monkeypatch):
    monkeypatch.setenv("PREVEX_WORKERS", "3")
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert config["workers"] == 3 and config["accesslog"] == "-"
    assert config["control_socket_disable"] is True


def test_the_compose_file_and_the_guide_show_the_same_commands():
    header = [
        line.removeprefix("#").strip()
        for line in (ROOT / "compose.yaml").read_text(encoding="utf-8").splitlines()
        if line.startswith("#   ")
    ]
    commands = [line.split("#")[0].strip() for line in header]
    assert commands == [
        "cp deploy/prevex.env.example .env",
        "docker compose up -d --build",
        "docker compose run --rm web python manage.py createsuperuser",
    ]
    guide = [line.split("#")[0].strip() for line in OPERATIONS.splitlines()]
    for command in commands:
        assert command in guide, command


def test_the_image_static_files_are_not_hidden_by_a_volume():
    """The image collects the static files at build time; a volume mounted over them would
    keep the previous release's files (and manifest) after an upgrade."""
    static_root = re.search(r"PREVEX_STATIC_ROOT=(\S+)", DOCKERFILE).group(1)
    assert "collectstatic" in DOCKERFILE
    for name, service in COMPOSE["services"].items():
        for volume in service.get("volumes", []):
            mount = volume.split(":")[1]
            assert not static_root.startswith(mount.rstrip("/") + "/"), (name, mount)
    for volume in COMPOSE["x-prevex"]["volumes"]:
        assert not static_root.startswith(volume.split(":")[1].rstrip("/") + "/")
