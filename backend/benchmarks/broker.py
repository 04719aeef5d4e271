"""The embedded broker: kombu's filesystem transport against its SQLAlchemy transport on a SQLite
file, each on a fresh folder. Two figures per transport:

- stress: PRODUCERS processes publish MESSAGES messages in all while one process consumes them
  at the same time; every message must arrive exactly once and decode (kombu's filesystem
  transport creates a message file before writing it, so a consumer can read a half-written
  one; "atomic-files" is core.broker, which renames a whole file into place; "sqlalchemy" is
  kombu's SQLAlchemy transport on a SQLite file);
- latency: one message published, then consumed by a polling consumer, 200 times (p50, p95).

    cd backend && PYTHONPATH=. ../.venv/bin/python benchmarks/broker.py [--messages 10000] [--only sqlalchemy]
"""

import argparse
import json
import multiprocessing
import statistics
import tempfile
import time
from pathlib import Path

from kombu import Connection

PRODUCERS = 4
KINDS = ("filesystem", "atomic-files", "sqlalchemy")


def connection(kind: str, folder: Path) -> Connection:
    if kind in ("filesystem", "atomic-files"):
        queue = folder / "queue"
        queue.mkdir(exist_ok=True)
        options = {"data_folder_in": str(queue), "data_folder_out": str(queue), "polling_interval": 0.1}
        transport = "core.broker:Transport" if kind == "atomic-files" else "filesystem"
        return Connection("filesystem://", transport=transport, transport_options=options)
    # kombu hands every transport option to create_engine: its polling interval stays at 1 s.
    return Connection(f"sqla+sqlite:///{folder / 'broker.sqlite3'}")


def produce(kind: str, folder: str, start: int, count: int, refused) -> None:
    failures = 0
    with connection(kind, Path(folder)) as conn:
        queue = conn.SimpleQueue("stress")
        for number in range(start, start + count):
            try:
                queue.put({"n": number, "pad": "x" * 512})
            except Exception:  # a publish the broker refused (e.g. SQLite: database is locked)
                failures += 1
        queue.close()
    refused.put(failures)


def consume(kind: str, folder: str, expected: int, result) -> None:
    seen, errors, idle = [], 0, 0
    deadline = time.monotonic() + 600
    with connection(kind, Path(folder)) as conn:
        queue = conn.SimpleQueue("stress")
        while len(seen) + errors < expected and time.monotonic() < deadline and idle < 3:
            try:
                message = queue.get(timeout=5)
                idle = 0
            except queue.Empty:
                idle += 1  # 15 s with nothing: what is left was never stored
                continue
            except (json.JSONDecodeError, ValueError):  # a torn message
                errors += 1
                continue
            seen.append(message.payload["n"])
            message.ack()
        queue.close()
    result.put({"received": len(seen), "unique": len(set(seen)), "decode_errors": errors})


def stress(kind: str, messages: int) -> dict:
    folder = tempfile.mkdtemp(prefix=f"broker-{kind}-")
    result, refused = multiprocessing.Queue(), multiprocessing.Queue()
    consumer = multiprocessing.Process(target=consume, args=(kind, folder, messages, result))
    # The SQLite file's tables are created by the first connection; create them before the race.
    with connection(kind, Path(folder)) as conn:
        conn.SimpleQueue("stress").close()
    consumer.start()
    started = time.monotonic()
    share = messages // PRODUCERS
    producers = [
        multiprocessing.Process(target=produce, args=(kind, folder, index * share, share, refused)) for index in range(PRODUCERS)
    ]
    for process in producers:
        process.start()
    for process in producers:
        process.join()
    failed_publishes = sum(refused.get() for _ in producers)
    outcome = result.get(timeout=900)
    consumer.join()
    outcome["seconds"] = round(time.monotonic() - started, 1)
    outcome["refused"] = failed_publishes
    outcome["lost"] = messages - failed_publishes - outcome["unique"]  # accepted, never delivered
    return outcome


def latency(kind: str, rounds: int = 200) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"broker-{kind}-lat-"))
    times = []
    with connection(kind, folder) as producer_conn, connection(kind, folder) as consumer_conn:
        out, into = producer_conn.SimpleQueue("latency"), consumer_conn.SimpleQueue("latency")
        for number in range(rounds):
            started = time.perf_counter()
            out.put({"n": number})
            message = into.get(timeout=10)
            message.ack()
            times.append((time.perf_counter() - started) * 1000)
        out.close()
        into.close()
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(len(times) * 0.95)], 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--only", choices=KINDS, help="one transport instead of all three")
    args = parser.parse_args()
    header = f"{'transport':<13} {'sent':>6} {'refused':>7} {'received':>8} {'lost':>5} {'torn':>5} {'seconds':>8}"
    print(header + f" {'p50 ms':>7} {'p95 ms':>7}", flush=True)
    for kind in [args.only] if args.only else KINDS:
        outcome, times = stress(kind, args.messages), latency(kind)
        print(
            f"{kind:<13} {args.messages:>6} {outcome['refused']:>7} {outcome['received']:>8} {outcome['lost']:>5} "
            f"{outcome['decode_errors']:>5} {outcome['seconds']:>8} {times['p50_ms']:>7} {times['p95_ms']:>7}",
            flush=True,
        )


if __name__ == "__main__":
    main()
