"""Starts the whole product in the foreground: Gunicorn (web), a Celery worker and Celery beat,
each its own process. Ctrl-C (or SIGTERM) stops all of them; one that dies is restarted (unless
it keeps dying: then everything stops, so nothing is left running half-way)."""

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from core.supervisor import Service, Supervisor

DEMO_EMAILS = ["admin", "requester", "approver", "procurement", "finance"]


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and the scheduler until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument("--worker-concurrency", type=int, default=2)

    def handle(self, *args, host, port, web_workers, worker_concurrency, **options):
        python = sys.executable
        beat_schedule = str(settings.DATA_DIR / "celerybeat-schedule")
        commands = {
            "web": [
                python,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(web_workers),
                "--timeout",
                "120",
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "10",
            ],
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
