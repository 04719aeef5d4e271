"""The text of a document, page by page: the PDF text layer (pypdfium2) where there is one,
OCR of the page rendered at DOCUMENT_OCR_DPI where there is not; images go straight to OCR."""

import io
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pypdfium2 as pdfium
from django.conf import settings
from PIL import Image, ImageSequence

from .inspection import check_frame_sizes, open_image, unsafe
from .ocr import ocr_lines

MIN_TEXT_LAYER_CHARS = 20
# An invoice page holds a few thousand characters; a hostile text layer may hold millions.
MAX_PAGE_CHARS = 100_000


@dataclass
class PageText:
    number: int
    text: str
    ocr: bool
    # One box per line of `text` ([x0, y0, x1, y1] from the page's top left, in PDF points for a
    # PDF page and in pixels for an image; [0, 0, 0, 0] where a line has none): the evidence a
    # field read from that line points at. `size` is the page's [width, height] in the same unit.
    boxes: list[list[float]] = field(default_factory=list)
    size: list[float] = field(default_factory=list)
    preview: bytes | None = None  # the page as a PNG for the document screen


def _scaled(box, scale: float) -> list[float]:
    return [round(value / scale, 1) for value in box]


def text_layer_lines(textpage: pdfium.PdfTextPage, width: float, height: float) -> tuple[str, list[list[float]]]:
    """The text layer's lines and a box for each, from pdfium's character boxes (PDF points with
    the origin bottom left, turned to the origin top left)."""
    text = textpage.get_text_range()[:MAX_PAGE_CHARS]
    lines, boxes = [], []
    start = 0
    for part in re.split(r"(\r\n|\n|\r)", text):
        if part in ("\r\n", "\n", "\r"):
            start += len(part)
            continue
        chars = [textpage.get_charbox(start + offset) for offset, char in enumerate(part) if not char.isspace()]
        if chars:
            left, bottom = min(c[0] for c in chars), min(c[1] for c in chars)
            right, top = max(c[2] for c in chars), max(c[3] for c in chars)
            boxes.append(_scaled((left, height - top, right, height - bottom), 1.0))
        else:
            boxes.append([0.0, 0.0, 0.0, 0.0])
        lines.append(part)
        start += len(part)
    return "\n".join(lines), boxes


def preview_png(image: Image.Image) -> bytes:
    """A page image small enough to send to a browser: at most DOCUMENT_PREVIEW_WIDTH wide."""
    width = settings.DOCUMENT_PREVIEW_WIDTH
    image = image.convert("L")
    if image.width > width:
        image = image.resize((width, max(1, round(image.height * width / image.width))), Image.Resampling.BILINEAR)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)  # fast; a page of print compresses well anyway
    return out.getvalue()


def _wants_preview(number: int) -> bool:
    return number <= settings.DOCUMENT_PREVIEW_PAGES


def page_render(page: pdfium.PdfPage) -> Image.Image:
    """The page as an image for OCR, at DOCUMENT_OCR_DPI unless that would exceed the pixel
    limit: a PDF page may be 200 inches square, which at 200 dpi is a 1.6-gigapixel bitmap."""
    width, height = page.get_size()  # points, 1/72 inch
    scale = settings.DOCUMENT_OCR_DPI / 72
    if width * height * scale * scale > settings.DOCUMENT_MAX_IMAGE_PIXELS:
        scale = math.sqrt(settings.DOCUMENT_MAX_IMAGE_PIXELS / (width * height)) * 0.999
    return page.render(scale=scale).to_pil()


def _pdf_pages(data: bytes) -> Iterator[PageText]:
    pdf = pdfium.PdfDocument(data)
    ocr_pixels = 0
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                width, height = page.get_size()
                text, boxes = text_layer_lines(page.get_textpage(), width, height)
                if len(text.strip()) >= MIN_TEXT_LAYER_CHARS:
                    preview = None
                    if _wants_preview(index + 1):
                        rendered = page.render(scale=settings.DOCUMENT_PREVIEW_WIDTH / width).to_pil()
                        preview = preview_png(rendered)
                        rendered.close()
                    yield PageText(index + 1, text, ocr=False, boxes=boxes, size=[width, height], preview=preview)
                    continue
                image = page_render(page)
                ocr_pixels += image.width * image.height
                if ocr_pixels > settings.DOCUMENT_OCR_MAX_PIXELS:
                    raise unsafe(
                        "ocr_budget_exceeded",
                        f"This PDF's scanned pages hold more than {settings.DOCUMENT_OCR_MAX_PIXELS // 1_000_000} million "
                        "pixels to read, more than one document may use; split it into smaller files.",
                    )
                # A scanned PDF page's boxes in the page's own points, like a text layer's.
                yield _ocr_page(index + 1, image, scale=image.width / width, size=[width, height])
                image.close()
            finally:
                page.close()
    finally:
        pdf.close()


def _image_pages(data: bytes) -> Iterator[PageText]:
    image = open_image(data)
    check_frame_sizes(image)
    for index, frame in enumerate(ImageSequence.Iterator(image), start=1):
        yield _ocr_page(index, frame, scale=1.0, size=[frame.width, frame.height])


def _ocr_page(number: int, image: Image.Image, *, scale: float, size: list[float]) -> PageText:
    lines = ocr_lines(image)
    return PageText(
        number,
        "\n".join(line.text for line in lines),
        ocr=True,
        boxes=[_scaled(line.box, scale) for line in lines],
        size=[round(value, 1) for value in size],
        preview=preview_png(image) if _wants_preview(number) else None,
    )


def document_pages(data: bytes, content_type: str, on_page: Callable[[int], None] | None = None) -> list[PageText]:
    """All pages' text; `on_page(n)` is called after each page (for progress)."""
    pages = []
    for page in _pdf_pages(data) if content_type == "application/pdf" else _image_pages(data):
        pages.append(page)
        if on_page:
            on_page(page.number)
    return pages
