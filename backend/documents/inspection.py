"""What an uploaded file really is, decided from its bytes, and whether it is safe to process.
Each refusal is an ApplicationError with its own code and a sentence a person understands."""

import re
import struct
import unicodedata
import warnings
import zlib
from dataclasses import dataclass
from io import BytesIO

import pypdfium2 as pdfium
from django.conf import settings
from PIL import Image

from core.exceptions import ApplicationError

# (magic bytes at offset 0, content type, extension). The PDF signature must open the file:
# a file that only contains %PDF- later (an HTML/PDF polyglot) is not taken for a PDF.
SIGNATURES = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"II*\x00", "image/tiff", ".tif"),
    (b"MM\x00*", "image/tiff", ".tif"),
]
XML_CONTENT_TYPE = "application/xml"
UPLOAD_CONTENT_TYPES = sorted({content_type for _, content_type, _ in SIGNATURES} | {"image/webp", XML_CONTENT_TYPE})
# An XML e-invoice opens with its declaration or its root element (after an optional byte-order
# mark); other markup without a declaration (an HTML page) is not taken for one.
XML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<(?:\?xml[\s?]|(?:\w+:)?(?:Invoice|CreditNote|CrossIndustryInvoice)[\s>])")
STREAM = re.compile(rb"stream\r?\n")
ENDSTREAM = b"endstream"
FILTER_NAME = re.compile(rb"/([A-Za-z0-9]+)")
FILTER_ALIASES = {b"Fl": b"FlateDecode", b"LZW": b"LZWDecode"}  # abbreviations of inline images


@dataclass(frozen=True)
class Inspection:
    content_type: str
    extension: str
    page_count: int | None


def sniff(head: bytes) -> tuple[str, str]:
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", ".webp"
    if XML_START.match(head):
        return XML_CONTENT_TYPE, ".xml"
    raise ApplicationError(
        "unsupported_media_type",
        "Only PDF, PNG, JPEG, TIFF and WebP files and XML e-invoices can be uploaded; this file is none of them.",
        status_code=415,
    )


def unsafe(code: str, message: str) -> ApplicationError:
    """A file refused for what it is (422), at upload or while it is read."""
    return ApplicationError(code, message, status_code=422)


def _filters(data: bytes, stream_start: int) -> list[bytes]:
    """The decoding filters of the stream starting at `stream_start`, in order, read from its
    dictionary (the text between the object's `obj` and `stream`, at most 4 KB back)."""
    window = data[max(0, stream_start - 4096) : stream_start]
    dictionary = window[window.rfind(b"obj") + 3 :] if b"obj" in window else window
    at = dictionary.find(b"/Filter")
    if at < 0:
        return []
    value = dictionary[at + len(b"/Filter") :].lstrip()
    names = FILTER_NAME.findall(value[: value.find(b"]")] if value.startswith(b"[") else value)
    names = names if value.startswith(b"[") else names[:1]
    return [FILTER_ALIASES.get(name, name) for name in names]


def _inflate(payload: bytes, limit: int) -> bytes:
    """Flate data, at most `limit` + 1 bytes of it (one call: no loop to spin)."""
    return zlib.decompressobj().decompress(payload, limit + 1)


def _lzw_decode(payload: bytes, limit: int) -> bytes:
    """PDF LZWDecode (9-12 bit codes, EarlyChange 1), stopping after `limit` + 1 bytes: the
    standard library has no LZW, and pdfium would decode a bomb of it whole."""
    out = bytearray()
    table = [bytes([i]) for i in range(256)] + [b"", b""]
    bits, buffer, width, previous = 0, 0, 9, b""
    for byte in payload:
        buffer, bits = (buffer << 8) | byte, bits + 8
        while bits >= width:
            bits -= width
            code = (buffer >> bits) & ((1 << width) - 1)
            if code == 256:  # clear
                table, width, previous = table[:258], 9, b""
                continue
            if code == 257:  # end of data
                return bytes(out)
            if code < len(table):
                entry = table[code]
            elif code == len(table) and previous:
                entry = previous + previous[:1]
            else:
                raise ValueError("bad LZW code")
            out += entry
            if len(out) > limit:
                return bytes(out)
            if previous:
                table.append(previous + entry[:1])
            previous = entry
            if len(table) + 1 >= (1 << width) and width < 12:
                width += 1
    return bytes(out)


DECODERS = {b"FlateDecode": _inflate, b"LZWDecode": _lzw_decode}


def _check_pdf_inflation(data: bytes) -> None:
    """Decode every Flate or LZW stream through its whole filter chain (a bomb may hide behind
    two Flate layers) with a running budget, so a PDF whose streams would expand to gigabytes is
    refused before anything renders it. Each layer decodes at most what is left of the budget,
    in one bounded call. Other filters (images' DCT, JBIG2, ...) are left to pdfium."""
    budget = settings.DOCUMENT_MAX_INFLATED_BYTES
    position = 0
    while True:
        match = STREAM.search(data, position)
        if match is None:
            return
        start = match.end()
        end = data.find(ENDSTREAM, start)
        if end < 0:
            return
        position = end + len(ENDSTREAM)
        decoded, inflated = data[start:end], 0
        for name in _filters(data, match.start()):
            decoder = DECODERS.get(name)
            if decoder is None:
                break  # a filter pdfium decodes (or an unknown one): the layers below are its
            try:
                decoded = decoder(decoded, budget)
            except (zlib.error, ValueError):
                break  # not what the filter says: pdfium decides
            if len(decoded) > budget:
                raise unsafe("decompression_bomb", "This PDF expands to far more data than any invoice holds; it was refused.")
            inflated = len(decoded)
        budget -= inflated


def inspect_pdf(data: bytes) -> int:
    _check_pdf_inflation(data)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise unsafe("encrypted_pdf", "This PDF is password-protected; upload an unprotected copy.") from exc
        raise unsafe("corrupt_file", "This PDF is damaged or incomplete and cannot be read.") from exc
    try:
        pages = len(pdf)
    finally:
        pdf.close()
    if pages == 0:
        raise unsafe("corrupt_file", "This PDF has no pages.")
    if pages > settings.DOCUMENT_MAX_PAGES:
        raise unsafe("too_many_pages", f"This PDF has {pages} pages; at most {settings.DOCUMENT_MAX_PAGES} are accepted.")
    return pages


def open_image(data: bytes, *, decode: bool = True) -> Image.Image:
    """Open an image with the pixel limit enforced and Pillow's bomb warning as an error;
    `decode=False` reads only its header (what an upload request can afford)."""
    Image.MAX_IMAGE_PIXELS = settings.DOCUMENT_MAX_IMAGE_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(BytesIO(data))
            if decode:
                image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise unsafe("image_too_large", "This image has too many pixels to process safely.") from exc
        except (OSError, SyntaxError, ValueError) as exc:
            raise unsafe("corrupt_file", "This image is damaged or incomplete and cannot be read.") from exc
    return image


def inspect_upload(data: bytes) -> Inspection:
    """The checks an upload request makes: cheap and bounded, whatever the file. Empty, its type
    from its magic bytes, and for an image its headers (frames, pixels per frame, pixels to OCR
    in all); nothing is decoded or inflated here. A PDF's page count is known after processing."""
    if not data:
        raise ApplicationError("empty_file", "The file is empty.", fields={"file": ["The file is empty."]})
    content_type, extension = sniff(data[:64])
    if content_type == "application/pdf":
        return Inspection(content_type, extension, None)
    if content_type == XML_CONTENT_TYPE:
        check_einvoice(data)
        return Inspection(content_type, extension, 0)
    return Inspection(content_type, extension, check_frame_sizes(open_image(data, decode=False)))


def inspect_content(data: bytes, content_type: str) -> int:
    """The expensive checks, made by the processing in its sandboxed child process: a PDF's
    streams inflated under a budget, opened, its pages counted; an image's frames again.
    Answers the number of pages."""
    if content_type == "application/pdf":
        return inspect_pdf(data)
    if content_type == XML_CONTENT_TYPE:
        return 0
    return check_frame_sizes(open_image(data, decode=False))


def check_einvoice(data: bytes) -> None:
    """An XML upload is read at once (it is small and parsed with DTDs and entities forbidden):
    a file that is not an e-invoice is refused at the door, not after a trip through the queue."""
    from .einvoice import parse_einvoice  # it raises this module's refusals

    limit = settings.DOCUMENT_MAX_XML_BYTES
    if len(data) > limit:
        raise ApplicationError(
            "file_too_large", f"An XML e-invoice may be at most {limit // (1024 * 1024)} MB; this one is larger.", status_code=413
        )
    parse_einvoice(data)


def check_frame_sizes(image: Image.Image) -> int:
    """The number of frames, after checking each frame's header: Pillow checks the pixel limit
    on the first frame only, so a small first page followed by a huge one (a multi-page TIFF)
    would get through; and all frames together must fit the OCR budget (a 72 KB TIFF of twenty
    7000x7000 frames is a minute of OCR). Decodes nothing."""
    budget = settings.DOCUMENT_OCR_MAX_PIXELS
    total = 0
    index = 0
    try:
        while True:
            try:
                image.seek(index)  # frame by frame (n_frames would walk them all first)
            except EOFError:
                break
            if index >= settings.DOCUMENT_MAX_PAGES:
                raise unsafe(
                    "too_many_pages", f"This image has more than {settings.DOCUMENT_MAX_PAGES} pages; fewer are accepted."
                )
            pixels = image.width * image.height
            if pixels > settings.DOCUMENT_MAX_IMAGE_PIXELS:
                raise unsafe("image_too_large", f"Page {index + 1} of this image has too many pixels to process safely.")
            total += pixels
            if total > budget:
                raise unsafe(
                    "ocr_budget_exceeded",
                    f"This image's pages hold more than {budget // 1_000_000} million pixels to read, "
                    "more than one document may use; split it or scan at a lower resolution.",
                )
            index += 1
        image.seek(0)
    except (OSError, SyntaxError, ValueError, TypeError, KeyError, IndexError, struct.error) as exc:
        # Pillow raises all of these on broken headers (a next-frame offset past the end: TypeError).
        raise unsafe("corrupt_file", "This image is damaged or incomplete and cannot be read.") from exc
    return index


def safe_filename(name: str, extension: str) -> str:
    """The client's filename reduced to something safe to show and to put in a
    Content-Disposition header: no path, no control characters, no quotes, at most 100 chars."""
    name = unicodedata.normalize("NFKC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>:|?*;')
    stem = (name.rsplit(".", 1)[0] if "." in name else name).strip(" .")
    stem = stem[:100].strip(" .") or "document"
    return f"{stem}{extension}"
