"""The text of a document, page by page: the PDF text layer (pypdfium2) where there is one,
OCR of the page rendered at DOCUMENT_OCR_DPI where there is not; images go straight to OCR."""

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
from django.conf import settings
from PIL import Image, ImageSequence

from .inspection import check_frame_sizes, open_image, unsafe
from .ocr import ocr_image

MIN_TEXT_LAYER_CHARS = 20
# An invoice page holds a few thousand characters; a hostile text layer may hold millions.
MAX_PAGE_CHARS = 100_000


@dataclass
class PageText:
    number: int
    text: str
    ocr: bool


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
                text = page.get_textpage().get_text_range()
                if len(text.strip()) >= MIN_TEXT_LAYER_CHARS:
                    yield PageText(index + 1, text[:MAX_PAGE_CHARS], ocr=False)
                    continue
                image = page_render(page)
                ocr_pixels += image.width * image.height
                if ocr_pixels > settings.DOCUMENT_OCR_MAX_PIXELS:
                    raise unsafe(
                        "ocr_budget_exceeded",
                        f"This PDF's scanned pages hold more than {settings.DOCUMENT_OCR_MAX_PIXELS // 1_000_000} million "
                        "pixels to read, more than one document may use; split it into smaller files.",
                    )
                yield PageText(index + 1, ocr_image(image), ocr=True)
                image.close()
            finally:
                page.close()
    finally:
        pdf.close()


def _image_pages(data: bytes) -> Iterator[PageText]:
    image = open_image(data)
    check_frame_sizes(image)
    for index, frame in enumerate(ImageSequence.Iterator(image), start=1):
        yield PageText(index, ocr_image(frame), ocr=True)


def document_pages(data: bytes, content_type: str, on_page: Callable[[int], None] | None = None) -> list[PageText]:
    """All pages' text; `on_page(n)` is called after each page (for progress)."""
    pages = []
    for page in _pdf_pages(data) if content_type == "application/pdf" else _image_pages(data):
        pages.append(page)
        if on_page:
            on_page(page.number)
    return pages
