"""The setback plan as a page part, shared by the record-the-no page and the weekly review:
written when calm ("when the next no comes, I will ...; I will not ..."), shown back when
the next rejection is recorded (``workbook.setback``)."""

from __future__ import annotations

import ipywidgets as w

from workbook import setback
from workbook.ui.common import Context
from workbook.ui.forms import SaveAction


def _area(description: str, placeholder: str) -> w.Textarea:
    box = w.Textarea(description=description, placeholder=placeholder, rows=2,
                     style={"description_width": "initial"},
                     layout=w.Layout(width="min(100%, 640px)"))
    box.add_class("wb-stacked")
    return box


class PlanPart(w.VBox):
    """The plan for the next no, written when calm."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        plan = setback.current(ctx.store)
        self.will = _area("When the next no comes, I will",
                          "e.g. go for a walk, then tell Sam")
        self.will_not = _area("I will not", "e.g. apply to ten jobs that same night")
        if plan is not None:
            self.will.value, self.will_not.value = plan.will, plan.will_not
        self.save = SaveAction("Save my plan", self._save, ctx=ctx)
        super().__init__([w.HTML("<p>Best written on a calm day. It will be shown back to "
                                 "you when you record the next no.</p>"),
                          self.will, self.will_not, self.save])

    def _save(self) -> str:
        setback.add(self.ctx.store, self.will.value, self.will_not.value)
        return "Plan saved; it will be there when the next no comes."
