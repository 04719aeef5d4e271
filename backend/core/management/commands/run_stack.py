"""Starts the whole product in the foreground: Gunicorn (web), a Celery worker and Celery beat,
each its own process. Ctrl-C (or SIGTERM) stops all of them; one that dies is restarted (unless
it keeps dying: then everything stops, so nothing is left running half-way)."""

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from core.supervisor import Service, Supervisor

DEMO_EMAILS = ["admin", "requester", "approver", "procurement", "finance"]
WEB_WORKERS = 2
# Threads per web worker. A thread is held by a request for as long as its client takes to send
# the headers and the body (Gunicorn reads both in the thread, with no deadline); a connection
# that sends nothing gives its thread back after 5 s, kept-alive ones wait in the poller.
# `make run` has no buffering proxy in front, so these threads are what slow clients must
# exhaust: 2 x 32 = 64 at once (core/tests/test_slow_clients.py trickles 20 bodies and
# /api/health/ keeps answering). Behind Nginx (prod-local, containers) the gateway buffers whole
# requests and deploy/gunicorn.conf.py applies instead.
WEB_THREADS = 32


def gunicorn_command(
    *, host: str, port: int | str, workers: int = WEB_WORKERS, threads: int = WEB_THREADS, python: str = sys.executable
) -> list[str]:
    """The web server of `make run`. core/tests/test_slow_clients.py starts exactly this command."""
    return [
        python,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        # Threads, not sync workers: a sync worker is taken whole by one slow client.
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        # gthread's main loop keeps beating while requests run, so this only restarts a worker
        # that is stuck as a whole; a request itself is not cut off by it.
        "--timeout",
        "30",
        "--graceful-timeout",
        "10",
        "--keep-alive",
        "5",
        # Gunicorn answers requests beyond these itself (414, 431) with its own small HTML page,
        # before any of our code runs; without Nginx in front that page is what the client gets.
        # Gunicorn's maximum request line, its default header count and size.
        "--limit-request-line",
        "8190",
        "--limit-request-fields",
        "100",
        "--limit-request-field_size",
        "8190",
        "--access-logfile",
        "-",
        # Gunicorn's runtime control socket is one per user ($HOME/.gunicorn/gunicorn.ctl): a
        # second server (a test, another checkout) would take it over. `make run` needs none.
        "--no-control-socket",
    ]


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and the scheduler until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--web-workers", type=int, default=WEB_WORKERS)
        parser.add_argument("--worker-concurrency", type=int, default=2)

    def handle(self, *args, host, port, web_workers, worker_concurrency, **options):
        python = sys.executable
        beat_schedule = str(settings.DATA_DIR / "celerybeat-schedule")
        commands = {
            "web": gunicorn_command(host=host, port=port, workers=web_workers, python=python),
            "worker": [
                python,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel=INFO",
                f"--concurrency={worker_concurrency}",
                "--without-gossip",
                "--without-mingle",
            ],
            "beat": [python, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO", "--schedule", beat_schedule],
        }
        supervisor = Supervisor(
            [Service(name, command, cwd=settings.BACKEND_DIR) for name, command in commands.items()],
            log=self.stderr.write,
        )
        supervisor.stop_on_signals()
        supervisor.start()

        url = f"http://{host}:{port}/"
        password = "$DEMO_PASSWORD" if "DEMO_PASSWORD" in os.environ else settings.DEMO_PASSWORD
        self.stdout.write(self.style.SUCCESS(f"\nP2P Procurement is starting on {url}"))
        self.stdout.write(f"  API docs: {url}api/docs/   health: {url}api/health/   admin: {url}admin/")
        self.stdout.write(f"  Demo logins (password {password}): " + ", ".join(f"{n}@example.com" for n in DEMO_EMAILS))
        self.stdout.write("  Press Ctrl-C to stop.\n")

        exit_code = supervisor.watch()
        supervisor.shutdown(timeout=20)
        self.stdout.write("Stopped.")
        sys.exit(exit_code)
