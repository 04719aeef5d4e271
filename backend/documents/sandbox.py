"""Reading a document in a child process that cannot take the worker down with it.

Everything expensive about an uploaded file (inflating its streams, counting its pages,
rendering, OCR) happens here, in a fresh Python process with a CPU-time and an address-space
limit (setrlimit) and a wall-clock deadline enforced by the parent. A file that loops, balloons
or crashes the reader kills only the child; the parent turns that into a refusal with a
sentence, and the document ends FAILED while the worker goes on.

Protocol: the parent writes one JSON line (the content type and the settings the child needs)
and then the file's bytes to the
child's stdin; the child answers on stdout with JSON lines: {"page": n, "of": pages} after each page, then
{"pages": [...], "xml": base64 or null} or {"error": {"code", "message"}}."""

import base64
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .inspection import unsafe

BACKEND_DIR = Path(__file__).resolve().parents[1]
MAX_ANSWER_BYTES = 64 * 1024 * 1024  # 200 pages of at most 100,000 characters, as JSON
# The settings the child reads, sent from the worker's own (the one source of truth: a test or an
# operator overriding one in the worker overrides it in the child too).
CHILD_SETTINGS = [
    "DOCUMENT_MAX_PAGES",
    "DOCUMENT_MAX_XML_BYTES",
    "DOCUMENT_MAX_IMAGE_PIXELS",
    "DOCUMENT_MAX_INFLATED_BYTES",
    "DOCUMENT_OCR_MAX_PIXELS",
    "DOCUMENT_OCR_ENGINE",
    "DOCUMENT_OCR_DPI",
    "DOCUMENT_OCR_THREADS",
    "DOCUMENT_PREVIEW_PAGES",
    "DOCUMENT_PREVIEW_WIDTH",
    "TESSDATA_PREFIX",
    "DOCUMENT_SANDBOX_CPU_SECONDS",
    "DOCUMENT_SANDBOX_MEMORY_BYTES",
]


@dataclass
class Reading:
    pages: list[dict]  # [{"number", "text", "ocr"}]
    xml: bytes | None  # an XML upload, or the e-invoice XML embedded in a PDF


def read_pages(data: bytes, content_type: str, on_page: Callable[[int, int], None] | None = None) -> Reading:
    """The pages of a document, and its e-invoice XML if it has one, read by the child process.
    Raises ApplicationError (422) with the child's own code for a refused file, or
    `processing_timeout` / `processing_crashed` when the child ran out of time or memory."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.local")}
    child = subprocess.Popen(
        [sys.executable, "-m", "documents.sandbox_child"],
        cwd=BACKEND_DIR,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: a kill takes any helper threads too
    )
    deadline = time.monotonic() + settings.DOCUMENT_SANDBOX_WALL_SECONDS
    header = {"content_type": content_type, "settings": {name: getattr(settings, name) for name in CHILD_SETTINGS}}
    # Written from a thread, so a child that stops reading cannot hold the worker past the deadline.
    writer = threading.Thread(target=_write_input, args=(child, json.dumps(header).encode() + b"\n" + data), daemon=True)
    writer.start()
    try:
        answer = _read_answer(child, deadline, on_page)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        writer.join()
    if answer is None:
        if child.returncode in (-signal.SIGXCPU, -signal.SIGKILL) and time.monotonic() >= deadline:
            raise unsafe("processing_timeout", "Reading this document took too long; it was stopped.")
        if child.returncode == -signal.SIGXCPU:
            raise unsafe("processing_timeout", "Reading this document needed too much computing time; it was stopped.")
        raise unsafe(
            "processing_crashed", "Reading this document needed more memory than allowed or crashed the reader; it was stopped."
        )
    if "error" in answer:
        raise unsafe(answer["error"]["code"], answer["error"]["message"])
    return Reading(answer["pages"], base64.b64decode(answer["xml"]) if answer.get("xml") else None)


def _write_input(child: subprocess.Popen, payload: bytes) -> None:
    try:
        child.stdin.write(payload)
        child.stdin.close()
    except (BrokenPipeError, ValueError, OSError):
        pass  # the child died or was killed; its exit status says why


def _read_answer(child: subprocess.Popen, deadline: float, on_page) -> dict | None:
    """The child's final JSON line, calling on_page for each progress line; None when the child
    died or the deadline passed (then it is killed)."""
    buffer, received = b"", 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            os.killpg(child.pid, signal.SIGKILL)
            return None
        ready, _, _ = select.select([child.stdout], [], [], min(remaining, 1.0))
        if not ready:
            continue
        chunk = os.read(child.stdout.fileno(), 1 << 16)
        if not chunk:
            return None  # end of output without an answer: the child died
        received += len(chunk)
        if received > MAX_ANSWER_BYTES:
            os.killpg(child.pid, signal.SIGKILL)
            return None
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            message = json.loads(line)
            if "page" in message:
                if on_page:
                    on_page(message["page"], message["of"])
                continue
            return message
