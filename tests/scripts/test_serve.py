"""``make demo``'s launcher: the web server and the job consumer stop together."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SERVE = Path(__file__).resolve().parents[2] / "scripts" / "serve.py"
SLEEP = [sys.executable, "-c", "import time; time.sleep(60)"]


def test_when_one_process_stops_the_other_is_stopped_and_its_status_returned():
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            str(SERVE),
            "--",
            *SLEEP,
            "--",
            sys.executable,
            "-c",
            "raise SystemExit(3)",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 3
    assert time.monotonic() - started < 30  # the sleeper did not run its 60 s
    assert "arrêt des autres" in done.stderr


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 0)])
def test_a_signal_stops_both(tmp_path, signum, status):
    """SIGTERM (a supervisor) ends with 143; Ctrl-C, the documented way to stop the demo,
    ends with 0, so that ``make demo`` reports no error."""
    marker = tmp_path / "child.pid"
    child = [
        sys.executable,
        "-c",
        f"import os, time; open({str(marker)!r}, 'w').write(str(os.getpid())); time.sleep(60)",
    ]
    launcher = subprocess.Popen([sys.executable, str(SERVE), "--", *child, "--", *SLEEP])
    for _ in range(100):
        if marker.exists() and marker.read_text():
            break
        time.sleep(0.1)
    pid = int(marker.read_text())
    launcher.send_signal(signum)
    assert launcher.wait(timeout=20) == status
    # The child is gone: signalling it fails.
    for _ in range(50):
        try:
            import os

            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the child process survived its launcher")


def test_two_commands_are_required():
    done = subprocess.run(
        [sys.executable, str(SERVE), "--", *SLEEP], capture_output=True, text=True, timeout=10
    )
    assert done.returncode != 0 and "Usage" in done.stderr
