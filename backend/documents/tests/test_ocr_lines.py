"""OCR boxes grouped into lines after undoing the page's tilt: on a scan fed in at 1.5 degrees a
price 1,500 px to the right of its description sits 39 px lower, more than the half box height
that separates one row from the next."""

import math

import pytest

from documents.ocr import group_lines, page_tilt


def _box(x: float, y: float, width: float, height: float, angle: float) -> list[list[float]]:
    """A word box at (x, y) on an unrotated page, turned by `angle` around the page's origin."""
    cos, sin = math.cos(angle), math.sin(angle)
    corners = [(x, y), (x + width, y), (x + width, y + height), (x, y + height)]
    return [[cx * cos - cy * sin, cx * sin + cy * cos] for cx, cy in corners]


def _table(angle: float, rows: int = 20):
    boxes, texts = [], []
    for row in range(rows):
        y = 300 + row * 40
        for x, width, text in ((150, 400, f"Item number {row}"), (1100, 100, f"{row + 1}"), (1650, 160, f"{row + 1}00.00")):
            boxes.append(_box(x, y, width, 30, angle))
            texts.append(text)
    return boxes, texts


@pytest.mark.parametrize("degrees", [0, 0.8, -1.2, 1.5, 2.5])
def test_rows_of_a_tilted_page_keep_their_own_prices(degrees):
    boxes, texts = _table(math.radians(degrees))
    lines = group_lines(boxes, texts)
    assert [line.text for line in lines] == [f"Item number {row}  {row + 1}  {row + 1}00.00" for row in range(20)]
    assert abs(page_tilt(boxes) - math.radians(degrees)) < 1e-6


def test_each_line_has_the_box_that_holds_its_words():
    lines = group_lines(*_table(0.0, rows=2))
    assert lines[0].box == (150, 300, 1810, 330)
    assert lines[1].box == (150, 340, 1810, 370)


def test_an_empty_page_has_no_lines():
    assert group_lines([], []) == []
