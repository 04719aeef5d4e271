"""OCR engines, loaded once per worker process. rapidocr (default: its bundled models only,
never a download) or tesserocr (lighter, less accurate; tessdata path from TESSDATA_PREFIX)."""

import logging
from functools import lru_cache
from statistics import median

import numpy as np
from django.conf import settings
from PIL import Image

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _rapidocr():
    from rapidocr import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    return RapidOCR()


def group_lines(boxes, texts) -> list[str]:
    """rapidocr returns boxes, not lines: group boxes whose vertical centres lie within half a
    box height of each other into one line, left to right, with wide gaps kept as two spaces."""
    entries = []
    for box, text in zip(boxes, texts):
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
    engine = settings.DOCUMENT_OCR_ENGINE
    image = image.convert("RGB")
    if engine == "tesserocr":
        import tesserocr

        with tesserocr.PyTessBaseAPI(path=settings.TESSDATA_PREFIX or tesserocr.get_languages()[0], lang="eng") as api:
            api.SetImage(image)
            return api.GetUTF8Text()
    result = _rapidocr()(np.asarray(image))
    if result.boxes is None:
        return ""
    return "\n".join(group_lines(result.boxes.tolist(), result.txts))
