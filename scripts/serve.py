"""``make demo``'s last step: the web server and the job consumer, started and stopped together.

Both run as child processes; when either stops (or on Ctrl-C / SIGTERM), the other is
stopped too, and the exit status is the first one to stop (0 after Ctrl-C, so that
``make`` does not report an error; 143 after SIGTERM). Usage::

    python scripts/serve.py -- CMD1 ARGS… -- CMD2 ARGS…

(``make demo`` passes ``manage.py runserver 127.0.0.1:8000 --noreload`` and
``manage.py run_huey``.)
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

GRACE_SECONDS = 10


def split_commands(argv: list[str]) -> list[list[str]]:
    commands, current = [], None
    for arg in argv:
        if arg == "--":
            current = []
            commands.append(current)
        elif current is not None:
            current.append(arg)
    return [c for c in commands if c]


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + GRACE_SECONDS
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run(commands: list[list[str]]) -> int:
    processes: list[subprocess.Popen] = []

    def on_signal(signum, _frame):
        stop(processes)
        if signum == signal.SIGINT:  # Ctrl-C: the way to stop the demo, not a failure
            print("prevex arrêté (serveur web et tâches de fond).", file=sys.stderr)
            sys.exit(0)
        sys.exit(128 + signum)

    # Before the first child starts: a signal that came between a child's start and the
    # handler would kill the launcher alone and leave the children running.
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        for command in commands:
            processes.append(subprocess.Popen(command))
        while True:
            for process in processes:
                status = process.poll()
                if status is not None:
                    print(
                        f"Processus arrêté ({' '.join(process.args[:3])}…), arrêt des autres.",
                        file=sys.stderr,
                    )
                    stop(processes)
                    return status
            time.sleep(0.2)
    finally:
        stop(processes)


if __name__ == "__main__":
    commands = split_commands(sys.argv[1:])
    if len(commands) < 2:
        sys.exit("Usage : serve.py -- COMMANDE1 … -- COMMANDE2 …")
    sys.exit(run(commands))
