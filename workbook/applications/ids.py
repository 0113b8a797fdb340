"""Stable application ids: the tracker's own id where it has one, else a hash of the
normalised company, role and applied date, so the same application gets the same id when a
newer export of the same tracker is imported."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pandas as pd

from workbook.applications.uniques import blank, factorize, pool


def _key_text(text: str) -> str:
    return " ".join(str(text).casefold().split())


_MIX = np.uint64(0x9E3779B97F4A7C15)


def _hash_text(values: pd.Series) -> np.ndarray:
    codes, uniq = factorize(values)
    # the keys are (nearly) distinct already: hashing them without categorizing first gives
    # the same hashes, faster
    table = pd.util.hash_array(np.asarray([_key_text(u) for u in uniq] + [""], dtype=object),
                               categorize=False)
    return table[codes]


def id_parts(out: dict[str, Any], parsed: dict[str, pd.Series], n: int) -> dict[str, Any]:
    """What an id is made of: company, role and the applied date of each row."""
    applied = parsed["applied_on"].to_numpy(dtype="datetime64[ns]") if "applied_on" in parsed \
        else np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    return {"company": out["company"], "role": out["role"], "applied_on": applied}


def application_ids(out: dict[str, Any], source_ids: pd.Series | None, origin: str
         ) -> Callable[[], pd.Series]:
    """Stable ids: the tracker's own id where it has one, else a hash of the normalised
    company, role and applied date (the same application gets the same id next time).
    Returns a function giving them: their text is written in the background until then."""
    days = np.asarray(out["applied_on"]).astype("datetime64[D]").astype(np.int64)
    with np.errstate(over="ignore"):
        h = _hash_text(out["company"])
        h = (h ^ _hash_text(out["role"])) * _MIX
        h = (h ^ pd.util.hash_array(days)) * _MIX
        dup = pd.core.algorithms.duplicated(h, keep=False)
        if dup.any():
            nth = pd.Series(h[dup]).groupby(h[dup]).cumcount().to_numpy(dtype=np.uint64)
            h[dup] = np.where(nth > 0, (h[dup] ^ (nth * _MIX)) * _MIX, h[dup])
    hashed = _as_text(h)
    if source_ids is None or blank(source_ids).all():
        return hashed

    def with_source() -> pd.Series:
        ids = hashed()
        sid = "src-" + origin + "-" + source_ids.str.lower()
        clash = sid.duplicated(keep=False).to_numpy() | (source_ids == "").to_numpy()
        return pd.Series(np.where(clash, ids.to_numpy(dtype=object),
                                  sid.to_numpy(dtype=object)),
                         index=source_ids.index, dtype="str")

    return with_source


def _as_text(h: np.ndarray) -> Callable[[], pd.Series]:
    """A function giving the ids' text, "a" and the decimal digits of each hash; the text is
    written in the background meanwhile (a long column in two halves at once: Arrow works
    outside the GIL)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    mem = pa.system_memory_pool()

    def text(part: np.ndarray) -> Any:
        # "a" + the decimal digits: one cast, then the letter put in front of each value
        return pc.binary_replace_slice(
            pc.cast(pa.array(part, memory_pool=mem), pa.large_string(), memory_pool=mem),
            0, 0, "a", memory_pool=mem)

    parts = [h] if len(h) < 50_000 else [h[:len(h) // 2], h[len(h) // 2:]]
    jobs = [pool().submit(text, part) for part in parts]
    return lambda: pd.Series(pd.array(pa.chunked_array([j.result() for j in jobs]),
                                      dtype="str"))
