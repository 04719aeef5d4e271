"""Starts the whole product in the foreground: Gunicorn (web), a Celery worker and Celery beat,
each its own process. Ctrl-C (or SIGTERM) stops all of them; if one dies, the others are
stopped too, so nothing is left running half-way."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

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
        processes: dict[str, subprocess.Popen] = {}
        stopping = False

        def stop(signum=None, frame=None):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        for name, command in commands.items():
            processes[name] = subprocess.Popen(command, cwd=settings.BACKEND_DIR)

        url = f"http://{host}:{port}/"
        password = "$DEMO_PASSWORD" if "DEMO_PASSWORD" in os.environ else settings.DEMO_PASSWORD
        self.stdout.write(self.style.SUCCESS(f"\nP2P Procurement is starting on {url}"))
        self.stdout.write(f"  API docs: {url}api/docs/   health: {url}api/health/   admin: {url}admin/")
        self.stdout.write(f"  Demo logins (password {password}): " + ", ".join(f"{n}@example.com" for n in DEMO_EMAILS))
        self.stdout.write("  Press Ctrl-C to stop.\n")

        exit_code = 0
        while not stopping:
            for name, process in processes.items():
                if process.poll() is not None:
                    self.stderr.write(f"{name} exited with status {process.returncode}; stopping everything.")
                    exit_code, stopping = 1, True
                    break
            time.sleep(0.5)

        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.stdout.write("Stopped.")
        sys.exit(exit_code)
