"""The child process of documents.sandbox: limits itself, reads one document from stdin and
answers on stdout (the protocol is described there). Started as `python -m
documents.sandbox_child`; Django is set up before anything else is imported."""

import base64
import contextlib
import ctypes
import json
import os
import resource
import signal
import sys

import django


def _limit_self(settings) -> None:
    cpu = settings.DOCUMENT_SANDBOX_CPU_SECONDS
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    memory = settings.DOCUMENT_SANDBOX_MEMORY_BYTES
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


PR_SET_PDEATHSIG = 1
# What pdfium and Pillow raise on a file they cannot cope with.
UNREADABLE = (OSError, ValueError, RuntimeError, SyntaxError, EOFError)
UNREADABLE_MESSAGE = "This document could not be read; it may be damaged or in an unusual format."


def _die_with_parent() -> None:
    """A worker process killed outright (the OOM killer) takes its reader with it (Linux)."""
    # Not on Linux: the reader still ends at its CPU limit or when its output pipe closes.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:
        sys.exit(1)  # the parent died before the line above ran


def _child() -> None:
    _die_with_parent()
    django.setup()
    from django.conf import settings

    header = json.loads(sys.stdin.buffer.readline())
    for name, value in header["settings"].items():
        setattr(settings, name, value)
    _limit_self(settings)  # before the first byte of the file is looked at
    from core.exceptions import ApplicationError
    from documents.einvoice import embedded_xml
    from documents.inspection import XML_CONTENT_TYPE, inspect_content
    from documents.text import document_pages

    out = sys.stdout.buffer
    data = sys.stdin.buffer.read()

    def send(message: dict) -> None:
        out.write(json.dumps(message).encode() + b"\n")
        out.flush()

    content_type = header["content_type"]
    try:
        total = inspect_content(data, content_type)
        if content_type == XML_CONTENT_TYPE:
            send({"pages": [], "xml": base64.b64encode(data).decode()})
            return
        pages = document_pages(data, content_type, on_page=lambda number: send({"page": number, "of": total}))
        xml = embedded_xml(data) if content_type == "application/pdf" else None
    except ApplicationError as error:
        send({"error": {"code": error.code, "message": error.message}})
        return
    except MemoryError:
        send({"error": {"code": "processing_crashed", "message": "Reading this document needed more memory than allowed."}})
        return
    except UNREADABLE:
        send({"error": {"code": "unreadable_file", "message": UNREADABLE_MESSAGE}})
        return
    send(
        {
            "pages": [
                {
                    "number": page.number,
                    "text": page.text,
                    "ocr": page.ocr,
                    "boxes": page.boxes,
                    "size": page.size,
                    "preview": base64.b64encode(page.preview).decode() if page.preview else None,
                }
                for page in pages
            ],
            "xml": base64.b64encode(xml).decode() if xml else None,
        }
    )


if __name__ == "__main__":
    _child()
