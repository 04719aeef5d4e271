"""The text of a document, page by page: the PDF text layer (pypdfium2) where there is one,
OCR of the page rendered at DOCUMENT_OCR_DPI where there is not; images go straight to OCR."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
from django.conf import settings
from PIL import ImageSequence

from .inspection import open_image
from .ocr import ocr_image

MIN_TEXT_LAYER_CHARS = 20


@dataclass
class PageText:
    number: int
    text: str
    ocr: bool


def _pdf_pages(data: bytes) -> Iterator[PageText]:
    pdf = pdfium.PdfDocument(data)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                text = page.get_textpage().get_text_range()
                if len(text.strip()) >= MIN_TEXT_LAYER_CHARS:
                    yield PageText(index + 1, text, ocr=False)
                    continue
                bitmap = page.render(scale=settings.DOCUMENT_OCR_DPI / 72)
                image = bitmap.to_pil()
                yield PageText(index + 1, ocr_image(image), ocr=True)
                image.close()
            finally:
                page.close()
    finally:
        pdf.close()


def _image_pages(data: bytes) -> Iterator[PageText]:
    image = open_image(data)
    for index, frame in enumerate(ImageSequence.Iterator(image), start=1):
        yield PageText(index, ocr_image(frame), ocr=True)


def document_pages(data: bytes, content_type: str, on_page: Callable[[int], None] | None = None) -> list[PageText]:
    """All pages' text; `on_page(n)` is called after each page (for progress)."""
    pages = []
    for page in (_pdf_pages(data) if content_type == "application/pdf" else _image_pages(data)):
        pages.append(page)
        if on_page:
            on_page(page.number)
    return pages
