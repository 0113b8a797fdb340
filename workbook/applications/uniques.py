"""Work once per distinct value: a column of 100,000 cells usually holds a few hundred
distinct texts, so anything done in Python is done on those and spread back by code."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pandas as pd


def factorize(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(codes, distinct values) of a text column; arrow-backed columns use Arrow's own
    dictionary encoding."""
    arr = values.array
    if hasattr(arr, "__arrow_array__"):
        import pyarrow as pa
        import pyarrow.compute as pc

        chunked = arr.__arrow_array__()
        if not isinstance(chunked, pa.ChunkedArray):
            chunked = pa.chunked_array([chunked])
        if chunked.num_chunks == 0 or len(chunked) == 0:
            return np.zeros(0, dtype=np.int64), []
        # chunks encoded together share one dictionary (the last chunk's is the full one)
        enc = pc.dictionary_encode(chunked, memory_pool=pa.system_memory_pool())
        codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False)
                                for c in enc.chunks]).astype(np.int64, copy=False)
        return codes, enc.chunks[-1].dictionary.to_pylist()
    codes, uniq = pd.factorize(values, sort=False)
    return np.asarray(codes, dtype=np.int64), [str(u) for u in uniq]


def map_unique(values: pd.Series, fn: Callable[[str], Any], dtype: Any = object,
               missing: Any = None) -> np.ndarray:
    """``fn`` applied to each distinct value, spread back to every row (``missing`` where a
    cell is NA)."""
    codes, uniq = factorize(values)
    table = np.asarray([fn(u) for u in uniq] + [missing], dtype=dtype)
    return table[codes]


def max_length(values: pd.Series, limit: int = 0) -> int:
    """The longest cell's length in characters (at most its length in bytes, which is
    returned when that is already within ``limit``)."""
    arr = values.array
    if len(values) == 0:
        return 0
    if hasattr(arr, "__arrow_array__"):
        import pyarrow.compute as pc

        raw = arr.__arrow_array__()
        longest_bytes = pc.max(pc.binary_length(raw)).as_py() or 0
        if longest_bytes <= limit:   # a character takes at least one byte
            return int(longest_bytes)
        return int(pc.max(pc.utf8_length(raw)).as_py() or 0)
    return int(values.str.len().max() or 0)


def repeat_text(value: str, n: int) -> pd.Series:
    """A text column holding ``value`` n times, built without a Python list."""
    import pyarrow as pa

    arr = pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, dtype=np.int32)),
                                         pa.array([value], pa.string()))
    return pd.Series(pd.array(arr.cast(pa.string()), dtype="str"))


def has_edge_space(values: pd.Series) -> bool:
    """True when some cell starts or ends with whitespace (so trimming would change it)."""
    arr = values.array
    if len(values) == 0:
        return False
    if hasattr(arr, "__arrow_array__"):
        import pyarrow.compute as pc

        import pyarrow as pa

        pool = pa.system_memory_pool()
        raw = arr.__arrow_array__()
        trimmed = pc.utf8_trim_whitespace(raw, memory_pool=pool)
        return bool(pc.any(pc.not_equal(pc.binary_length(trimmed, memory_pool=pool),
                                        pc.binary_length(raw, memory_pool=pool),
                                        memory_pool=pool)).as_py())
    return bool(values.str.contains(r"^\s|\s$", regex=True).any())
