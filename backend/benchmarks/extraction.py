"""Extraction benchmark: run the document pipeline over a folder of documents with ground-truth
JSON (`name.pdf|png` + `name.json`, the shape of backend/documents/tests/samples) and print per-field
accuracy and precision (a wrong value is worse than null), pages per second for text-layer and
OCR pages, the pipeline's time per scanned page as a ratio to the bare OCR engine on the same
image, and peak memory on a 100-page PDF.

    cd backend && ../.venv/bin/python benchmarks/extraction.py [--generate 24] [FOLDER ...]

With --generate N it first writes N random invoices in several layouts (digital PDFs) and a
degraded 200-dpi scan of every other one into var/bench-documents/, and includes that folder.
"""

import argparse
import json
import os
import random
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

import pypdfium2 as pdfium  # noqa: E402

from documents.einvoice import read_einvoice  # noqa: E402
from documents.extraction import extract_invoice  # noqa: E402
from documents.inspection import inspect_upload, open_image  # noqa: E402
from documents.ocr import _rapidocr, group_lines, ocr_image  # noqa: E402
from documents.tests.einvoices import cii_xml  # noqa: E402
from documents.tests.invoices import Invoice, invoice_pdf, labelled_invoice, scan  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "documents" / "tests" / "samples"
from documents.text import document_pages  # noqa: E402

FIELDS = [
    "vendor_name",
    "invoice_number",
    "invoice_date",
    "due_date",
    "currency",
    "subtotal",
    "tax",
    "total",
    "po_number",
    "line_items",
]
VENDORS = [
    "Northwind Traders Ltd",
    "Contoso Supplies Inc.",
    "Fabrikam Werkzeuge GmbH",
    "Tailspin Toys LLC",
    "Adventure Works Corp",
    "Litware Büromöbel AG",
    "Proseware Services Ltd",
    "Wingtip Components Inc.",
]
ITEMS = [
    "Printer paper A4, box",
    "Toner cartridge black",
    "USB-C dock",
    "Office chair",
    "Laptop stand",
    "Cable ties (100)",
    "Safety boots, pair",
    "Whiteboard markers",
    "Monitor 27 inch",
    "Label tape 12 mm",
]


def random_invoices(count: int, seed: int = 11):
    rng = random.Random(seed)
    for index in range(count):
        style = ["en", "us", "de", "ch"][index % 4]
        currency = {"en": rng.choice(["GBP", "EUR", "USD"]), "us": "USD", "de": "EUR", "ch": "CHF"}[style]
        year, month, day = 2026, rng.randint(1, 11), rng.randint(1, 28)
        due = None if index % 5 == 4 else (year, month + 1, day)
        lines = [
            (rng.choice(ITEMS), str(rng.randint(1, 40)), f"{rng.randint(100, 250000) / 100:.2f}")
            for _ in range(rng.randint(1, 5))
        ]
        invoice = Invoice(
            vendor=rng.choice(VENDORS),
            number=f"{rng.choice(['INV', 'RE', 'F', 'BILL'])}-{rng.randint(1000, 99999)}",
            issued=(year, month, day),
            due=due,
            currency=currency,
            lines=lines,
            tax_rate=rng.choice(["0", "7.7", "19", "20"]),
            po_number=f"PO-2026-{rng.randint(1, 999999):06d}" if index % 3 else None,
            style=style,
        )
        yield index, invoice


def generate(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index, invoice in random_invoices(count):
        pdf = invoice_pdf(invoice)
        (folder / f"gen-{index:03d}.pdf").write_bytes(pdf)
        (folder / f"gen-{index:03d}.json").write_text(json.dumps(invoice.truth(), indent=1))
        if index % 2 == 0:
            (folder / f"gen-{index:03d}-scan.png").write_bytes(scan(pdf, seed=index))
            (folder / f"gen-{index:03d}-scan.json").write_text(json.dumps(invoice.truth(), indent=1))


KEY_FIELDS = ["vendor_name", "invoice_number", "invoice_date", "currency", "subtotal", "tax", "total"]


def _kind(name: str, ocr: bool) -> str:
    if not ocr:
        return "digital"
    return "scan300" if "300" in name else "scan200"


def evaluate(folders: list[Path]) -> None:
    """Per set (the truth's `split`: dev for this project's own samples and generator, tune and
    heldout for the held-out corpus) and kind (digital, scan200, scan300): key-field accuracy and
    precision, per-field right/wrong/null, and per layout family."""
    stats: dict = defaultdict(lambda: defaultdict(lambda: {"right": 0, "wrong": 0, "null": 0}))
    families: dict = defaultdict(lambda: [0, 0])
    timings = {"text": [0, 0.0], "ocr": [0, 0.0]}
    ratios = []
    _rapidocr()  # load the engine once, as a worker does
    for folder in folders:
        for truth_path in sorted(folder.glob("*.json")):
            document = next((p for p in (truth_path.with_suffix(".pdf"), truth_path.with_suffix(".png")) if p.exists()), None)
            if document is None:
                continue
            truth = json.loads(truth_path.read_text())
            data = document.read_bytes()
            inspection = inspect_upload(data)
            started = time.perf_counter()
            pages = document_pages(data, inspection.content_type)
            got = extract_invoice("\n".join(page.text for page in pages))
            elapsed = time.perf_counter() - started
            ocr = any(page.ocr for page in pages)
            timings["ocr" if ocr else "text"][0] += len(pages)
            timings["ocr" if ocr else "text"][1] += elapsed
            if ocr and inspection.content_type != "application/pdf":
                image = open_image(data)
                bare_started = time.perf_counter()
                ocr_image(image)
                ratios.append(elapsed / (time.perf_counter() - bare_started))
            group = (truth.get("split", "dev"), _kind(document.name, ocr))
            misses = []
            for field in FIELDS:
                expected, value = truth.get(field), got.get(field)
                if field == "line_items" and not value:
                    value = None if expected else value
                if value == expected:
                    stats[group][field]["right"] += 1
                elif value in (None, []):
                    stats[group][field]["null"] += 1
                    misses.append(f"{field}=null")
                else:
                    stats[group][field]["wrong"] += 1
                    misses.append(f"{field}={value!r}")
                if field in KEY_FIELDS and "family" in truth:
                    families[(group, truth["family"])][0] += value == expected
                    families[(group, truth["family"])][1] += 1
            if misses and group[0] != "heldout":  # held-out misses are counted, not read
                print(f"  {document.name}: {', '.join(misses)}  (truth: {[truth.get(m.split('=')[0]) for m in misses]})")
    for group, per_field in sorted(stats.items()):
        for label, names in (("key fields", KEY_FIELDS), ("all fields", FIELDS)):
            total = {key: sum(per_field[name][key] for name in names) for key in ("right", "wrong", "null")}
            n = sum(total.values())
            print(
                f"\n{group[0]} / {group[1]}: {n // len(names)} documents, {label} right {total['right']}/{n} = "
                f"{total['right'] / n:.1%}, precision {total['right'] / max(1, total['right'] + total['wrong']):.1%} "
                f"(wrong {total['wrong']}, null {total['null']})"
            )
        print("| field | right | wrong | null | precision |\n|---|---|---|---|---|")
        for field in FIELDS:
            counts = per_field[field]
            filled = counts["right"] + counts["wrong"]
            print(
                f"| {field} | {counts['right']} | {counts['wrong']} | {counts['null']} | "
                f"{counts['right'] / filled if filled else 1:.1%} |"
            )
    if families:
        print("\n| set / kind | family | key fields right |\n|---|---|---|")
        for (group, family), (right, total) in sorted(families.items()):
            print(f"| {group[0]} / {group[1]} | {family} | {right}/{total} |")
    for kind, (pages, seconds) in timings.items():
        if pages:
            print(f"{kind}-layer pages: {pages} in {seconds:.2f} s = {pages / seconds:.1f} pages/s")
    if ratios:
        print(f"pipeline time per scanned page / bare engine on the same image: median {sorted(ratios)[len(ratios) // 2]:.2f}")


def einvoices(count: int = 50) -> None:
    """Exactness on e-invoices: the public samples kept with the tests (expected values typed from
    their BT-n comments) and `count` generated CII invoices checked against the Factur-X XSD."""
    truths = json.loads((SAMPLES / "einvoices" / "truth.json").read_text())
    fields = lines = right_fields = right_lines = 0
    for name, truth in truths.items():
        if not name.endswith(".xml"):
            continue
        got = read_einvoice((SAMPLES / "einvoices" / name).read_bytes())
        for field, expected in truth.items():
            if field == "line_items":
                read = [[line["description"], line["quantity"], line["amount"]] for line in got["line_items"]]
                lines += len(expected)
                right_lines += sum(1 for a, b in zip(read, expected, strict=False) if a == b) if len(read) == len(expected) else 0
            else:
                fields += 1
                right_fields += got.get(field) == expected
    generated_fields = generated_right = generated_lines = generated_lines_right = 0
    for _, invoice in random_invoices(count, seed=29):
        got, truth = read_einvoice(cii_xml(invoice)), invoice.truth()
        for field in FIELDS:
            if field == "line_items":
                generated_lines += len(truth[field])
                generated_lines_right += sum(1 for a, b in zip(got[field], truth[field], strict=False) if a == b)
            else:
                generated_fields += 1
                generated_right += got.get(field) == truth[field]
    print(
        f"e-invoices: public samples {right_fields}/{fields} fields and {right_lines}/{lines} lines exact; "
        f"{count} generated XSD-valid CII invoices {generated_right}/{generated_fields} fields and "
        f"{generated_lines_right}/{generated_lines} lines exact"
    )


def tilted_scans(count: int = 12, degrees: float = 1.5) -> None:
    """Key fields and line items read from scans tilted by `degrees`, with the OCR boxes grouped
    into lines after undoing the tilt and without (the seed's grouping), from the same OCR run."""
    import numpy as np
    from PIL import Image, ImageFilter

    scores = {True: [0, 0], False: [0, 0]}
    for index, invoice in random_invoices(count, seed=47):
        page = pdfium.PdfDocument(invoice_pdf(invoice))[0]
        image = page.render(scale=200 / 72).to_pil().convert("L")
        image = image.rotate(degrees if index % 2 else -degrees, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)
        image = image.filter(ImageFilter.GaussianBlur(0.5)).convert("RGB")
        result = _rapidocr()(np.asarray(image))
        truth = invoice.truth()
        for deskew in (True, False):
            text = "\n".join(line.text for line in group_lines(result.boxes.tolist(), result.txts, deskew=deskew))
            got = extract_invoice(text)
            for field in FIELDS:
                scores[deskew][1] += 1
                scores[deskew][0] += got.get(field) == truth.get(field) or (
                    field == "line_items" and not got[field] and not truth[field]
                )
    for deskew, (right, total) in scores.items():
        label = "tilt undone before grouping" if deskew else "grouped as tilted (seed)"
        print(f"scans tilted {degrees} degrees, {count} invoices, {label}: {right}/{total} = {right / total:.1%} fields right")


# Labels outside the reader's vocabulary (number, date), as vendors print them in several languages.
UNSEEN_LABELS = [
    ("Belegkennung", "Ausstellungstag"),
    ("Dossier", "Emis le"),
    ("Documento n.", "Emessa il"),
    ("Folio fiscal", "Expedida"),
    ("Kenmerk", "Opgemaakt op"),
    ("Numer dokumentu", "Wystawiono"),
    ("Fakturanummer", "Fakturadatum"),
    ("Doc ref", "Raised on"),
    ("Our reference", "Dated"),
    ("Bill No", "Billed on"),
]


def learning() -> None:
    """A layout missed once, read again after one correction: for each vendor, the first document's
    number and date as read, the labels learned from the corrected values, and the vendor's next
    document read with them (the same functions the pipeline calls)."""
    from documents.extraction import apply_hints, learn_label

    before = after = untouched = 0
    fields = 0
    for index, (number_label, date_label) in enumerate(UNSEEN_LABELS):
        vendor = f"Vendor {index} Handels GmbH"
        first = labelled_invoice(vendor, number_label, f"LX-{index}01", date_label, f"0{index % 9 + 1}.10.2026")
        second = labelled_invoice(vendor, number_label, f"LX-{index}02", date_label, f"1{index % 9}.11.2026")
        truth_first = {"invoice_number": f"LX-{index}01", "invoice_date": f"2026-10-0{index % 9 + 1}"}
        truth_second = {"invoice_number": f"LX-{index}02", "invoice_date": f"2026-11-1{index % 9}"}
        text_first = "\n".join(page.text for page in document_pages(first, "application/pdf"))
        text_second = "\n".join(page.text for page in document_pages(second, "application/pdf"))
        read_first = extract_invoice(text_first)
        hints = {name: label for name, value in truth_first.items() if (label := learn_label(text_first, name, value))}
        read_second = apply_hints(extract_invoice(text_second), text_second, hints)
        unlearned = extract_invoice(text_second)
        for name in truth_first:
            fields += 1
            before += read_first.get(name) == truth_first[name]
            after += read_second.get(name) == truth_second[name]
            untouched += unlearned.get(name) == truth_second[name]
    print(
        f"learning from one correction, {len(UNSEEN_LABELS)} vendors with labels the reader does not know: "
        f"first document {before}/{fields} fields right; after one correction the next document {after}/{fields}; "
        f"the same document without the vendor's hints {untouched}/{fields}"
    )


def memory_on_100_pages() -> None:
    pdf = pdfium.PdfDocument(
        invoice_pdf(Invoice("Memory Test Ltd", "M-1", (2026, 1, 1), None, "EUR", [("Item", "1", "1.00")], "0"))
    )
    big = pdfium.PdfDocument.new()
    for _ in range(100):
        big.import_pages(pdf)
    import io

    out = io.BytesIO()
    big.save(out)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    pages = document_pages(out.getvalue(), "application/pdf")
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"100-page text PDF: {len(pages)} pages in {time.perf_counter() - started:.2f} s, peak RSS grew by "
        f"{(after - before) / 1024:.1f} MB (pages are opened and closed one at a time)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--generate", type=int, default=0)
    args = parser.parse_args()
    folders = list(args.folders)
    if args.generate:
        generated = Path(__file__).resolve().parents[2] / "var" / "bench-documents"
        generate(generated, args.generate)
        folders.append(generated)
    evaluate(folders)
    einvoices()
    tilted_scans()
    learning()
    memory_on_100_pages()


if __name__ == "__main__":
    main()
