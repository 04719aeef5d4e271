"""The process supervisor of `make run` (run_stack) and `make prod-local` (deploy/prod_local.py):
starts each service, restarts one that dies (as a container restart policy would) unless it
keeps dying, and stops all of them on SIGINT/SIGTERM. Plain Python: it imports no Django."""

import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

RESTART_WINDOW_SECONDS = 60
MAX_RESTARTS_IN_WINDOW = 5


@dataclass
class Service:
    name: str
    command: list[str]
    cwd: Path
    env: dict | None = None
    log_path: Path | None = None  # None: the service writes to the supervisor's own output
    pid_path: Path | None = None
    process: subprocess.Popen | None = None
    restarts: list[float] = field(default_factory=list)

    def start(self) -> None:
        if self.log_path is None:
            self.process = subprocess.Popen(self.command, cwd=self.cwd, env=self.env)
        else:
            # The child keeps its own copy of the descriptor; ours is closed at once.
            with open(self.log_path, "ab") as log_file:
                self.process = subprocess.Popen(
                    self.command, cwd=self.cwd, env=self.env, stdout=log_file, stderr=subprocess.STDOUT
                )
        if self.pid_path is not None:
            self.pid_path.write_text(str(self.process.pid))

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.running():
            self.process.send_signal(signal.SIGTERM)


class Supervisor:
    def __init__(self, services: list[Service], log: Callable[[str], None]):
        self.services = services
        self.log = log
        self.stopping = False

    def stop_on_signals(self) -> None:
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)

    def stop(self, signum=None, frame=None) -> None:
        self.stopping = True

    def start(self) -> None:
        for service in self.services:
            if service.process is None:
                service.start()

    def watch(self) -> int:
        """Until stopped: restart what dies. 1 when a service keeps dying (then everything stops)."""
        while not self.stopping:
            time.sleep(0.5)
            for service in self.services:
                if self.stopping or service.running():
                    continue
                now = time.monotonic()
                service.restarts = [t for t in service.restarts if now - t < RESTART_WINDOW_SECONDS] + [now]
                if len(service.restarts) > MAX_RESTARTS_IN_WINDOW:
                    where = f" (see {service.log_path})" if service.log_path else ""
                    self.log(f"{service.name} keeps dying; stopping everything{where}")
                    self.stopping = True
                    return 1
                self.log(f"{service.name} exited with {service.process.returncode}; restarting it")
                service.start()
        return 0

    def shutdown(self, timeout: float = 30) -> None:
        """SIGTERM to every service, the last started first; SIGKILL to what outlives `timeout`."""
        for service in reversed(self.services):
            service.stop()
        deadline = time.monotonic() + timeout
        for service in self.services:
            if service.process is None:
                continue
            try:
                service.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                service.process.kill()
                service.process.wait()
