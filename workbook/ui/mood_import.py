"""Mood history from Daylio, as a part of the check-in page: choose the CSV that Daylio's
export makes, place each of its mood names on the grid once, import. The rules live in
``workbook.daylio``."""

from __future__ import annotations

from typing import Any, Callable

import ipywidgets as w

from workbook import daylio
from workbook.errors import WorkbookError
from workbook.ui.common import stacked, uploaded_files
from workbook.ui.forms import SaveAction
from workbook.ui.html import esc


class DaylioImport(w.VBox):
    """Upload, one place per mood name, import."""

    def __init__(self, ctx: Any, on_imported: Callable[[], None] = lambda: None):
        self._ctx, self._on_imported = ctx, on_imported
        self._data: bytes = b""
        self._name = ""
        self._moods: dict[str, int] = {}
        self.upload = w.FileUpload(accept=".csv", multiple=False,
                                   description="Choose the Daylio CSV",
                                   layout=w.Layout(width="auto"))
        self.upload.observe(ctx.guard(lambda _: self.read()), names="value")
        self._about = w.HTML()
        self._places = w.VBox()
        self.save = SaveAction("Import these entries", self.run, ctx=ctx)
        self.save.layout.display = "none"
        super().__init__([
            w.HTML("<h3>Mood history from Daylio</h3><p>If you track your mood in Daylio, "
                   "its export (Settings, Export entries, CSV) can sit here on the same "
                   "timeline as your rejections. You place each of its mood names on the "
                   "grid once; the next import remembers.</p>"),
            w.HBox([self.upload]), self._about, self._places, self.save])  # button at its size
        self.add_class("wb-daylio")

    def read(self) -> None:
        files = uploaded_files(self.upload)
        if not files:
            return
        self._name, self._data = files[0]
        file = daylio.read(self._data, self._name)
        self._moods = file.moods
        known = daylio.suggested_mapping(self._ctx.store, file.moods)
        options = [("choose a place", None)] + daylio.spots()
        boxes = []
        for mood, n in file.moods.items():
            value = daylio.nearest_spot(known[mood]) if mood in known else None
            boxes.append(stacked(w.Dropdown(description=f"Where '{mood}' sits ({n} entries)",
                                            options=options, value=value),
                                 width="min(calc(100% - 8px), 420px)"))
        self._places.children = boxes
        self._about.value = (f"<p>{esc(self._name)}: {len(file.rows)} entries with "
                             f"{len(file.moods)} mood names.</p>")
        self.save.layout.display = None

    def mapping(self) -> dict[str, tuple[float, float]]:
        return {mood: box.value for mood, box in zip(self._moods, self._places.children)
                if box.value is not None}

    def run(self) -> str:
        if not self._data:
            raise WorkbookError("Please choose the CSV file that Daylio's export makes first.")
        result = daylio.import_export(self._ctx.store, self._data, self.mapping(), self._name)
        self._on_imported()
        return result.summary()
