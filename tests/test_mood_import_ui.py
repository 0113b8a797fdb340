"""The Daylio import on the check-in page: choose the export, place the custom mood name,
import; the check-ins land on the timeline. Bad files get one sentence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workbook.records import CheckIn
from tests.widget_tree import find
from workbook.ui.mood_import import DaylioImport

EXPORT = Path(__file__).parent / "data" / "daylio_export.csv"


def _upload(part, name, data):
    part.upload.value = ({"name": name, "type": "text/csv", "size": len(data),
                          "content": memoryview(data), "last_modified": dt.datetime(2026, 12, 1)},)


@pytest.fixture
def part(store):
    from workbook.ui import check_in

    return find(check_in.app(), DaylioImport)


def test_daylio_export_imports_after_the_custom_mood_is_placed(part, store):
    _upload(part, "daylio_export.csv", EXPORT.read_bytes())
    assert "67 entries with 6 mood names" in part._about.value
    boxes = {b.description: b for b in part._places.children}
    tired = boxes["Where 'tired' sits (7 entries)"]
    assert tired.value is None and boxes["Where 'good' sits (17 entries)"].value == (0.5, 0.2)
    part.save.click()
    assert "&#x27;tired&#x27; has no place on the grid" in part.save.notice.value
    assert store.raw(CheckIn.kind) == []
    tired.value = (-0.3, -0.8)
    part.save.click()
    assert "Added 67 check-ins from Daylio" in part.save.notice.value
    assert len(store.raw(CheckIn.kind)) == 67
    # the next import remembers the place
    _upload(part, "again.csv", EXPORT.read_bytes())
    boxes = {b.description: b for b in part._places.children}
    assert boxes["Where 'tired' sits (7 entries)"].value == (-0.3, -0.8)


def test_a_file_that_is_not_a_daylio_export_gets_one_sentence(part, store):
    from workbook.ui.common import Messages

    _upload(part, "bank.csv", b"date,amount\n2026-11-01,12.50\n")
    page_messages = part._ctx.messages
    assert isinstance(page_messages, Messages)
    assert "bank.csv does not look like a Daylio export" in page_messages.value
    assert part.save.layout.display == "none" and store.raw(CheckIn.kind) == []
