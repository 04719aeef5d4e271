"""A hostile-upload corpus, generated on the fly (nothing binary is committed): files that lie
about what they are, that are damaged, that would balloon in memory or time, that carry active
content, and filenames meant to escape a folder or a header. Each Case says what must happen to
it: refused by the upload request (its status and code), or accepted (202) and then read by the
worker to COMPLETED or to FAILED with an error_code.

Files are built with Pillow, reportlab, pypdfium2 and raw bytes; bombs are small compressed
files. `corpus()` takes a few seconds; test_hostile_corpus.py sends it through the API and a
real worker. Limits are read from the settings (size, pages, pixels, inflation budget)."""

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

import pypdfium2 as pdfium
from django.conf import settings
from PIL import Image, ImageDraw
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

from documents.tests.invoices import invoice_pdf, sample_invoices

COMPLETED, FAILED = "COMPLETED", "FAILED"


@dataclass(frozen=True)
class Case:
    name: str
    content: bytes
    filename: str
    status: int  # the upload's HTTP status: 202 accepted, else refused
    code: str | None = None  # the refusal's code (status != 202), or the document's error_code when FAILED
    outcome: str | None = None  # for status 202: COMPLETED or FAILED
    stored_name: str | None = None  # the original_filename the document must keep, when it matters
    over_quota: bool = False  # sent when the user has used up their hourly uploads

    @property
    def accepted(self) -> bool:
        return self.status == 202


def refused(name: str, content: bytes, status: int, code: str, filename: str | None = None) -> Case:
    return Case(name, content, filename or f"{name}.bin", status, code)


def completes(name: str, content: bytes, filename: str, stored_name: str | None = None) -> Case:
    return Case(name, content, filename, 202, None, COMPLETED, stored_name)


def fails(name: str, content: bytes, filename: str, code: str) -> Case:
    return Case(name, content, filename, 202, code, FAILED)


# --- PDF from raw objects -------------------------------------------------------------------

TEXT = b"INVOICE 4711 from Hostile Corpus Ltd, total 99.00 EUR"


def stream(entries: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n" % (entries, len(data)) + data + b"\nendstream"


def text_content(text: bytes = TEXT) -> bytes:
    escaped = text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"BT /F1 12 Tf 50 750 Td (" + escaped + b") Tj ET"


def build_pdf(
    objects: list[bytes], *, trailer: bytes = b"", xref: bool = True, header: bytes = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
) -> bytes:
    """Objects numbered from 1 (object 1 is the catalog), an xref table with their offsets."""
    out, offsets = bytearray(header), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, start)
    return bytes(out)


def text_pdf(
    *,
    catalog_extra: bytes = b"",
    page_extra: bytes = b"",
    content: bytes | None = None,
    media_box: bytes = b"[0 0 595 842]",
    extra: list[bytes] = (),
    trailer: bytes = b"",
    xref: bool = True,
) -> bytes:
    """One page with a Helvetica text layer; `extra` objects are numbered from 6."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R %s >>" % catalog_extra,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R %s >>"
        % (media_box, page_extra),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        stream(b"", text_content() if content is None else content),
        *extra,
    ]
    return build_pdf(objects, trailer=trailer, xref=xref)


def deflate_zeros(size: int) -> bytes:
    """zlib data inflating to `size` zero bytes, without compressing them all: after a full
    flush the compressor's output for another block of zeros is always the same bytes, so that
    block is repeated, and the Adler-32 of n zeros is (n mod 65521) << 16 | 1."""
    block_size = 4 << 20
    if size < block_size:
        return zlib.compress(bytes(size), 9)
    compressor, block = zlib.compressobj(9), bytes(block_size)
    head = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeat = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(bytes(size % block_size)) + compressor.flush()
    adler = ((size % 65521) << 16) | 1
    return head + repeat * (size // block_size - 1) + tail[:-4] + struct.pack(">I", adler)


def lzw_zeros(count: int) -> bytes:
    """LZWDecode data (EarlyChange 1) inflating to at least `count` zero bytes. After a clear
    code, code 0 is one zero and code 256 + k (k >= 2) a run of k, each the table entry the
    decoder has just added; a clear code before the table fills starts again. ~1400:1."""
    out, bits, nbits = bytearray(), 0, 0

    def emit(code: int, width: int) -> None:
        nonlocal bits, nbits
        bits, nbits = (bits << width) | code, nbits + width
        while nbits >= 8:
            nbits -= 8
            out.append((bits >> nbits) & 0xFF)
        bits &= (1 << nbits) - 1

    def width_for(length: int) -> int:
        return 9 if length < 511 else 10 if length < 1023 else 11 if length < 2047 else 12

    emit(256, 9)
    produced, length = 0, 258
    while produced < count:
        emit(0, 9)
        produced, length, run = produced + 1, 258, 1
        while produced < count and length < 4000:
            run += 1
            emit(256 + run, width_for(length))
            produced, length = produced + run, length + 1
        emit(256, width_for(length))
    emit(257, 9)
    if nbits:
        out.append((bits << (8 - nbits)) & 0xFF)
    return bytes(out)


def canvas_pdf(draw, **options) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, **options)
    draw(pdf)
    pdf.save()
    return buffer.getvalue()


def lossless_scan_pdf(dpi: int) -> bytes:
    """An A4 page scanned at `dpi` and stored as one Flate RGB image (as scanners write them)."""
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    image = Image.new("RGB", (width, height), (250, 250, 245))
    draw = ImageDraw.Draw(image)
    for y in range(dpi, height // 4, dpi // 3):
        draw.text((dpi, y), "INVOICE 4711   TOTAL 99.00", fill=(10, 10, 10), font_size=dpi // 8)
    pixels = zlib.compress(image.tobytes(), 6)
    image_entries = (
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode"
        % (
            width,
            height,
        )
    )
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>",
            stream(b"", b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
            stream(image_entries, pixels),
        ]
    )


def pdf_with_pages(count: int, size=(200, 200)) -> bytes:
    pdf = pdfium.PdfDocument.new()
    for _ in range(count):
        pdf.new_page(*size)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


def pdf_cases() -> list[Case]:
    invoice = invoice_pdf(sample_invoices()[0])
    bomb_size = settings.DOCUMENT_MAX_INFLATED_BYTES + (16 << 20)
    flate_bomb = deflate_zeros(bomb_size)
    slice_size = settings.DOCUMENT_MAX_INFLATED_BYTES // 40
    slice_data = deflate_zeros(slice_size)
    spread = [stream(b"/Filter /FlateDecode", slice_data) for _ in range(42)]
    nested = zlib.compress(deflate_zeros(1 << 30), 9)  # 1 GiB behind two Flate filters
    huge_image = b"/Type /XObject /Subtype /Image /Width 60000 /Height 60000 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode"
    form_fanout = []  # a "billion laughs" of form XObjects: each draws the next one 16 times
    depth = 8
    for level in range(depth):
        if level == depth - 1:
            body = b"0 0 m 1 1 l S"
            resources = b""
        else:
            body = b" ".join([b"/X Do"] * 16)
            resources = b"/Resources << /XObject << /X %d 0 R >> >>" % (7 + level)
        form_fanout.append(stream(b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] " + resources, body))
    one_line = b"INVOICE 4711 " + b"A" * 1_000_000
    return [
        fails("pdf_truncated", invoice[: len(invoice) // 3], "truncated.pdf", "corrupt_file"),
        fails("pdf_header_only", b"%PDF-1.7\n", "header.pdf", "corrupt_file"),
        completes("pdf_zip_polyglot", b"%PDF-1.4\n" + zip_bytes(), "zip.pdf"),  # the stored invoice inside is found
        fails(
            "pdf_no_pages",
            build_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]),
            "empty.pdf",
            "corrupt_file",
        ),
        fails("pdf_1000_pages", pdf_with_pages(1000), "thousand.pdf", "too_many_pages"),
        fails(
            "pdf_encrypted",
            canvas_pdf(lambda c: c.drawString(100, 700, "secret invoice"), encrypt=pdfencrypt.StandardEncryption("u", "o")),
            "locked.pdf",
            "encrypted_pdf",
        ),
        fails(
            "pdf_flate_bomb",
            text_pdf(extra=[stream(b"/Filter /FlateDecode", flate_bomb)]),
            "bomb.pdf",
            "decompression_bomb",
        ),
        fails("pdf_flate_bomb_spread_over_streams", text_pdf(extra=spread), "spread.pdf", "decompression_bomb"),
        fails(
            "pdf_nested_flate_bomb",
            # the page's content is the bomb (the same length: the xref offsets still hold)
            text_pdf(extra=[stream(b"/Filter [/FlateDecode /FlateDecode]", nested)]).replace(
                b"/Contents 5 0 R", b"/Contents 6 0 R"
            ),
            "nested.pdf",
            "decompression_bomb",  # DOCUMENT_MAX_INFLATED_BYTES: the budget counts only one Flate layer
        ),
        fails(
            "pdf_lzw_bomb_content",
            build_pdf(
                [
                    b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                    stream(b"/Filter /LZWDecode", lzw_zeros(600 << 20)),
                ]
            ),
            "lzw.pdf",
            "decompression_bomb",  # DOCUMENT_MAX_INFLATED_BYTES: the budget counts only Flate
        ),
        fails(
            "pdf_image_of_3600_megapixels",
            build_pdf(
                [
                    b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>",
                    stream(b"", b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
                    stream(huge_image, zlib.compress(bytes(1 << 20), 9)),
                ]
            ),
            "image.pdf",
            "no_text",
        ),
        fails(
            "pdf_form_xobject_fanout",
            build_pdf(
                [
                    b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /X 6 0 R >> >> >>",
                    stream(b"", b"/X Do"),
                    b"<< >>",
                    *form_fanout,
                ]
            ),
            "fanout.pdf",
            "processing_crashed",  # 16**7 paths: pdfium exhausts the sandbox's address space and aborts
        ),
        fails("pdf_blank_page", pdf_with_pages(1, (595, 842)), "blank.pdf", "no_text"),
        fails("pdf_200_inch_blank_page", pdf_with_pages(1, (14400, 14400)), "huge-page.pdf", "no_text"),
        fails("pdf_scanned_pages_over_ocr_budget", pdf_with_pages(5, (14400, 14400)), "budget.pdf", "ocr_budget_exceeded"),
        completes("pdf_200_inch_page_with_text", text_pdf(media_box=b"[0 0 14400 14400]"), "huge-text.pdf"),
        completes(
            "pdf_self_referencing_objects",
            text_pdf(
                catalog_extra=b"/Loop 6 0 R /Outlines 7 0 R",
                extra=[b"6 0 R", b"<< /Type /Outlines /First 7 0 R /Last 7 0 R /Next 7 0 R >>"],
            ),
            "loop.pdf",
        ),
        completes(
            "pdf_xref_prev_loop",
            text_pdf(trailer=b"/Prev %d" % (text_pdf().index(b"\nxref\n") + 1)),  # the table is its own previous one
            "prev-loop.pdf",
        ),
        fails(
            "pdf_page_tree_cycle",
            text_pdf().replace(b"/Kids [3 0 R] /Count 1", b"/Kids [3 0 R 2 0 R] /Count 2"),
            "cycle.pdf",
            "unreadable_file",
        ),
        completes("pdf_deeply_nested_arrays", text_pdf(catalog_extra=b"/Deep " + b"[" * 100_000 + b"]" * 100_000), "deep.pdf"),
        completes(
            "pdf_broken_xref",
            text_pdf().replace(b"0000000", b"0000999"),  # every offset far beyond the end: pdfium rebuilds it
            "broken-xref.pdf",
        ),
        completes("pdf_no_xref_no_startxref", text_pdf(xref=False).split(b"startxref")[0], "no-xref.pdf"),
        completes(
            "pdf_javascript_openaction",
            text_pdf(
                catalog_extra=b"/OpenAction 6 0 R /Names << /JavaScript << /Names [(x) 6 0 R] >> >>",
                extra=[b"<< /S /JavaScript /JS (app.alert\\(1\\); this.exportDataObject\\({cName: 'x', nLaunch: 2}\\);) >>"],
            ),
            "js.pdf",
        ),
        completes(
            "pdf_embedded_executable",
            text_pdf(
                catalog_extra=b"/Names << /EmbeddedFiles << /Names [(evil.exe) 6 0 R] >> >>",
                extra=[
                    b"<< /Type /Filespec /F (evil.exe) /UF (evil.exe) /EF << /F 7 0 R >> >>",
                    stream(b"/Type /EmbeddedFile", b"MZ\x90\x00" + bytes(200)),
                ],
            ),
            "embedded.pdf",
        ),
        completes(
            "pdf_launch_action",
            text_pdf(
                catalog_extra=b"/OpenAction << /S /Launch /F (cmd.exe) /Win << /F (cmd.exe) /P (/c calc) >> >>",
                page_extra=b"/AA << /O << /S /URI /URI (http://attacker.invalid/) >> >>",
            ),
            "launch.pdf",
        ),
        completes(
            "pdf_text_layer_one_enormous_line", text_pdf(content=b"BT /F1 1 Tf 0 400 Td (" + one_line + b") Tj ET"), "line.pdf"
        ),
        completes("pdf_lossless_scan_300dpi", lossless_scan_pdf(300), "scan300.pdf"),
        completes("pdf_lossless_scan_600dpi", lossless_scan_pdf(600), "scan600.pdf"),
    ]


# --- images ---------------------------------------------------------------------------------


def label_image(mode: str = "RGB", size=(900, 220)) -> Image.Image:
    """A small image with a few large words on it: cheap to OCR, and text is found."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.text((30, 40), "INVOICE 4711", fill="black", font_size=64)
    draw.text((30, 130), "TOTAL 99.00", fill="black", font_size=56)
    return image.convert(mode)


def saved(image: Image.Image, format: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=format, **options)
    return out.getvalue()


def png_chunk(kind: bytes, data: bytes, crc: int | None = None) -> bytes:
    crc = zlib.crc32(kind + data) if crc is None else crc
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_raw(width: int, height: int, idat: bytes | None, *, bit_depth=1, colour=0, extra: list[bytes] = ()) -> bytes:
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, colour, 0, 0, 0))
    body = b"".join(extra) + (png_chunk(b"IDAT", idat) if idat is not None else b"")
    return b"\x89PNG\r\n\x1a\n" + ihdr + body + png_chunk(b"IEND", b"")


def png_bomb(width: int, height: int) -> bytes:
    """A 1-bit PNG of width x height white pixels: a few KB holding tens of megapixels."""
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    compressor, parts = zlib.compressobj(9), []
    block = row * 256
    for _ in range(height // 256):
        parts.append(compressor.compress(block))
    parts.append(compressor.compress(row * (height % 256)))
    parts.append(compressor.flush())
    return png_raw(width, height, b"".join(parts))


def tiff_raw(
    frames: list[tuple[int, int, bytes]],
    *,
    loop: bool = False,
    first_ifd: int | None = None,
    second_ifd: int | None = None,
    short_last_strip: bool = False,
) -> bytes:
    """A little-endian grey 8-bit uncompressed TIFF, one strip per frame; the last IFD can point
    back to the first (an IFD loop), the first and second IFD's offsets can be forged, and the
    last frame's strip can start at its own IFD, near the end of the file (its pixels cut off)."""
    out = bytearray(b"II*\x00\x00\x00\x00\x00")
    ifd_offsets = []
    for width, height, pixels in frames:
        data_offset = len(out)
        out += pixels
        if len(out) % 2:
            out += b"\x00"
        ifd_offsets.append(len(out))
        if short_last_strip and len(ifd_offsets) == len(frames):
            data_offset = len(out)
        entries = [
            (256, 4, width),
            (257, 4, height),
            (258, 3, 8),
            (259, 3, 1),
            (262, 3, 1),
            (273, 4, data_offset),
            (277, 3, 1),
            (278, 4, max(height, 1)),
            (279, 4, len(pixels)),
        ]
        out += struct.pack("<H", len(entries))
        for tag, kind, value in entries:
            out += struct.pack("<HHI", tag, kind, 1) + (struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value))
        out += b"\x00\x00\x00\x00"  # next IFD, patched below
    for index, offset in enumerate(ifd_offsets):
        following = ifd_offsets[index + 1] if index + 1 < len(ifd_offsets) else (ifd_offsets[0] if loop else 0)
        pointer = offset + 2 + 12 * 9
        out[pointer : pointer + 4] = struct.pack("<I", following)
    struct.pack_into("<I", out, 4, ifd_offsets[0] if first_ifd is None else first_ifd)
    if second_ifd is not None:
        struct.pack_into("<I", out, ifd_offsets[0] + 2 + 12 * 9, second_ifd)
    return bytes(out)


def label_frame(size=(400, 100)) -> tuple[int, int, bytes]:
    image = label_image("L", size)
    return (*image.size, image.tobytes())


def webp_vp8x(width: int, height: int) -> bytes:
    """A WebP extended-format header declaring a width x height canvas, with a tiny VP8L image."""
    vp8x = (
        b"VP8X"
        + struct.pack("<I", 10)
        + b"\x00\x00\x00\x00"
        + (width - 1).to_bytes(3, "little")
        + (height - 1).to_bytes(3, "little")
    )
    tiny = saved(Image.new("RGB", (1, 1), "white"), "WEBP", lossless=True)
    vp8l = tiny[12:]
    body = b"WEBP" + vp8x + vp8l
    return b"RIFF" + struct.pack("<I", len(body)) + body


def image_cases() -> list[Case]:
    label = label_image()
    png = saved(label, "PNG")
    jpeg = saved(label, "JPEG", quality=90)
    progressive = saved(label, "JPEG", quality=90, progressive=True)
    webp = saved(label, "WEBP", quality=90)
    limit = settings.DOCUMENT_MAX_IMAGE_PIXELS
    side = int((limit * 1.3) ** 0.5)  # between the limit and twice it: Pillow's warning, not its error
    apng_frames = [Image.new("L", (8, 8), shade % 256) for shade in range(settings.DOCUMENT_MAX_PAGES + 20)]
    many_frames = [Image.new("1", (8, 8), 1)] * (settings.DOCUMENT_MAX_PAGES + 1)
    frame_side = int((settings.DOCUMENT_OCR_MAX_PIXELS / 5) ** 0.5)  # 6 frames overflow the OCR budget
    budget_frames = [Image.new("1", (frame_side, frame_side), 1)] * 6
    big_side = int((limit * 1.2) ** 0.5)
    small_then_huge = [Image.new("1", (100, 100), 1), Image.new("1", (big_side, big_side), 1)]
    huge_jpeg = bytearray(progressive)
    sof = huge_jpeg.index(b"\xff\xc2")  # progressive SOF: height and width at +5
    struct.pack_into(">HH", huge_jpeg, sof + 5, 60000, 60000)
    bad_crc = bytearray(png)
    bad_crc[29:33] = b"\x00\x00\x00\x00"  # the IHDR chunk's CRC
    idat_crc = bytearray(png)
    idat_at = png.index(b"IDAT")
    length = struct.unpack(">I", png[idat_at - 4 : idat_at])[0]
    idat_crc[idat_at + 4 + length : idat_at + 8 + length] = b"\x00\x00\x00\x00"
    return [
        refused("png_decompression_bomb", png_bomb(side, side), 422, "image_too_large", "bomb.png"),
        refused("png_huge_dimensions_header_only", png_raw(100_000, 100_000, None), 422, "image_too_large", "huge.png"),
        refused("png_zero_width", png_raw(0, 10, zlib.compress(b"\x00" * 10)), 422, "corrupt_file", "zero.png"),
        refused("png_bad_ihdr_crc", bytes(bad_crc), 422, "corrupt_file", "crc.png"),
        completes("png_bad_idat_crc", bytes(idat_crc), "idat-crc.png"),  # Pillow does not check it
        fails("png_truncated_pixels", png[: len(png) // 2], "cut.png", "corrupt_file"),
        refused(
            "png_ztxt_bomb",
            png_raw(
                8,
                8,
                zlib.compress(b"\x00\xff" * 8),
                extra=[png_chunk(b"zTXt", b"Comment\x00\x00" + deflate_zeros(64 << 20))],
            ),
            422,
            "corrupt_file",
            "ztxt.png",
        ),
        completes(
            "png_huge_text_chunk",
            png[:33] + png_chunk(b"tEXt", b"Comment\x00" + b"A" * 900_000) + png[33:],
            "text-chunk.png",
        ),
        refused(
            "apng_more_frames_than_pages",
            saved(apng_frames[0], "PNG", save_all=True, append_images=apng_frames[1:]),
            422,
            "too_many_pages",
            "anim.png",
        ),
        completes("png_16_bit_grey", saved(label.convert("L").point(lambda v: v * 257, "I").convert("I;16"), "PNG"), "deep.png"),
        completes("png_named_pdf", png, "invoice.pdf", stored_name="invoice.png"),
        fails("png_blank", saved(Image.new("RGB", (600, 400), "white"), "PNG"), "blank.png", "no_text"),
        fails("jpeg_truncated", jpeg[: len(jpeg) // 2], "cut.jpg", "corrupt_file"),
        refused("jpeg_header_only", jpeg[:20], 422, "corrupt_file", "header.jpg"),
        refused("jpeg_progressive_huge_dimensions", bytes(huge_jpeg), 422, "image_too_large", "huge.jpg"),
        completes("jpeg_cmyk", saved(label.convert("CMYK"), "JPEG", quality=90), "cmyk.jpg"),
        completes("jpeg_progressive", progressive, "progressive.jpg"),
        refused(
            "tiff_more_frames_than_pages",
            saved(many_frames[0], "TIFF", save_all=True, append_images=many_frames[1:], compression="group4"),
            422,
            "too_many_pages",
            "many.tif",
        ),
        refused(
            "tiff_frames_over_ocr_budget",
            saved(budget_frames[0], "TIFF", save_all=True, append_images=budget_frames[1:], compression="group4"),
            422,
            "ocr_budget_exceeded",
            "budget.tif",
        ),
        refused(
            "tiff_small_frame_then_huge_frame",
            saved(small_then_huge[0], "TIFF", save_all=True, append_images=small_then_huge[1:], compression="group4"),
            422,
            "image_too_large",
            "huge.tif",
        ),
        completes("tiff_ifd_loop", tiff_raw([label_frame(), label_frame()], loop=True), "loop.tif"),
        refused("tiff_first_ifd_beyond_end", tiff_raw([label_frame()], first_ifd=10_000_000), 422, "corrupt_file", "offset.tif"),
        refused("tiff_zero_sized_frame", tiff_raw([(0, 0, b"")]), 422, "corrupt_file", "zero.tif"),
        refused("tiff_second_ifd_cut_short", tiff_raw([label_frame(), label_frame()])[:-60], 422, "corrupt_file", "cut-ifd.tif"),
        refused(  # Pillow raises TypeError("Missing dimensions") when seeking to the second frame
            "tiff_second_ifd_beyond_end",
            tiff_raw([label_frame(), label_frame()], second_ifd=10_000_000),
            422,
            "corrupt_file",
            "next-offset.tif",
        ),
        fails(
            "tiff_second_frame_pixels_missing",
            tiff_raw([label_frame(), label_frame()], short_last_strip=True),
            "cut.tif",
            "unreadable_file",
        ),
        refused("webp_truncated", webp[: len(webp) // 2], 422, "corrupt_file", "cut.webp"),  # libwebp decodes at open
        refused("webp_huge_canvas", webp_vp8x(16000, 16000), 422, "image_too_large", "huge.webp"),
        completes("webp_lossy", webp, "photo.webp"),
    ]


# --- not a document at all ------------------------------------------------------------------


def zip_bytes() -> bytes:
    out = io.BytesIO()
    # Fixed timestamps: the entries' DOS dates are bytes pdfium's repair reads through, and at
    # some wall-clock times (05:00 on 2026-12-02) it could not find the stored invoice.
    stamp = (2026, 12, 1, 12, 0, 0)
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("invoice.pdf", stamp), invoice_pdf(sample_invoices()[0]))
        archive.writestr(zipfile.ZipInfo("../../evil.sh", stamp), "#!/bin/sh\nrm -rf /\n")
    return out.getvalue()


XML_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<lolz>&lol3;</lolz>"""


def type_cases() -> list[Case]:
    pdf = invoice_pdf(sample_invoices()[0])
    limit = settings.DOCUMENT_MAX_UPLOAD_BYTES
    return [
        refused("empty", b"", 400, "empty_file", "empty.pdf"),
        refused("one_byte", b"%", 415, "unsupported_media_type", "one.pdf"),
        refused(
            "windows_exe",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(300) + b"PE\x00\x00",
            415,
            "unsupported_media_type",
            "invoice.exe",
        ),
        refused("linux_elf", b"\x7fELF\x02\x01\x01" + bytes(300), 415, "unsupported_media_type", "invoice.pdf"),
        refused("zip_archive", zip_bytes(), 415, "unsupported_media_type", "invoice.zip"),
        refused(
            "html_with_script",
            b"<!DOCTYPE html><html><script>fetch('/api/users/')</script></html>",
            415,
            "unsupported_media_type",
            "invoice.html",
        ),
        refused(
            "svg_with_script",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>',
            415,
            "unsupported_media_type",
            "invoice.svg",
        ),
        refused("xml_entity_bomb", XML_BOMB, 422, "unsafe_xml", "invoice.xml"),
        refused(
            "polyglot_html_then_pdf",
            b"<html><!-- -->\n<body>hi</body></html>\n" + pdf,
            415,
            "unsupported_media_type",
            "polyglot.pdf",
        ),
        refused("pdf_after_utf8_bom", b"\xef\xbb\xbf" + pdf, 415, "unsupported_media_type", "bom.pdf"),
        refused("gif_image", saved(label_image("P"), "GIF"), 415, "unsupported_media_type", "invoice.gif"),
        refused("bmp_image", saved(label_image(), "BMP"), 415, "unsupported_media_type", "invoice.bmp"),
        refused("one_byte_over_the_size_limit", pdf + b"%" * (limit + 1 - len(pdf)), 413, "file_too_large", "big.pdf"),
        completes("exactly_the_size_limit", pdf + b"%" * (limit - len(pdf)), "big.pdf"),
        Case("upload_over_the_hourly_quota", pdf, "quota.pdf", 429, "upload_quota", over_quota=True),
    ]


def filename_cases() -> list[Case]:
    """Sent as the raw bytes of the multipart header (the test client would take the basename
    first): Django's parser and then safe_filename must leave a plain name."""
    pdf = invoice_pdf(sample_invoices()[0])
    return [
        completes("filename_path_traversal", pdf, "../../../etc/passwd.pdf", "passwd.pdf"),
        completes("filename_windows_path", pdf, "C:\\Windows\\System32\\drivers\\etc\\hosts.pdf", "hosts.pdf"),
        completes("filename_html_entity_traversal", pdf, "&#x2e;&#x2e;/&#x2e;&#x2e;/x.pdf", "x.pdf"),
        completes("filename_nul_byte", pdf, "invoice.pdf\x00.exe", "invoice.pdf.pdf"),
        completes("filename_crlf_header_injection", pdf, "in\r\nSet-Cookie: a=b\r\nvoice.pdf", "in.pdf"),
        completes("filename_300_characters", pdf, "a" * 300 + ".pdf", "a" * 100 + ".pdf"),
        completes("filename_rtl_override", pdf, "invoice\u202efdp.exe", "invoicefdp.pdf"),
        completes("filename_only_dots", pdf, "....", "document.pdf"),
        completes("filename_quote_and_second_filename", pdf, 'x"; filename="evil.html;.pdf', "evil.html.pdf"),
        completes("filename_emoji_and_accents", pdf, "r\u00e9sum\u00e9 \U0001f600.pdf", "r\u00e9sum\u00e9 \U0001f600.pdf"),
    ]


def corpus() -> list[Case]:
    cases = type_cases() + pdf_cases() + image_cases() + filename_cases()
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases
