"""The supervisor of make run and prod-local, with real child processes."""

import sys
import threading
from pathlib import Path

from core import supervisor as supervisor_module
from core.supervisor import Service, Supervisor


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_a_service_that_dies_is_restarted_and_the_others_keep_running(tmp_path: Path, monkeypatch):
    marker = tmp_path / "starts"
    # Counts its starts in a file, then dies at once the first time and lives after that.
    flaky = _python(
        f"import pathlib, time; p = pathlib.Path({str(marker)!r}); n = len(p.read_text()) if p.exists() else 0; "
        "p.write_text('x' * (n + 1)); time.sleep(0 if n == 0 else 60)"
    )
    steady = Service("steady", _python("import time; time.sleep(60)"), cwd=tmp_path)
    lines: list[str] = []
    supervisor = Supervisor([steady, Service("flaky", flaky, cwd=tmp_path, log_path=tmp_path / "flaky.log")], log=lines.append)
    supervisor.start()
    first_steady = steady.process.pid
    timer = threading.Timer(3, supervisor.stop)
    timer.start()
    try:
        assert supervisor.watch() == 0
    finally:
        supervisor.shutdown(timeout=5)
    assert marker.read_text() == "xx", "the flaky service was started twice"
    assert steady.process.pid == first_steady, "the steady service was never restarted"
    assert any("flaky exited with 0; restarting it" in line for line in lines)
    assert all(service.process.poll() is not None for service in supervisor.services), "shutdown left a process running"


def test_a_service_that_keeps_dying_stops_everything(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(supervisor_module, "MAX_RESTARTS_IN_WINDOW", 2)
    steady = Service("steady", _python("import time; time.sleep(60)"), cwd=tmp_path)
    broken = Service("broken", _python("raise SystemExit(3)"), cwd=tmp_path, log_path=tmp_path / "broken.log")
    lines: list[str] = []
    supervisor = Supervisor([steady, broken], log=lines.append)
    supervisor.start()
    try:
        assert supervisor.watch() == 1
    finally:
        supervisor.shutdown(timeout=5)
    assert lines[-1] == f"broken keeps dying; stopping everything (see {tmp_path / 'broken.log'})"
    assert steady.process.poll() is not None
