"""Work once per distinct value: a column of 100,000 cells usually holds a few hundred
distinct texts, so anything done in Python is done on those and spread back by code."""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable, Iterator

import numpy as np
import pandas as pd

# factorizations started ahead by ``factorized``: id(Arrow array) -> (array, its Future)
_KNOWN: dict[int, tuple[Any, Future]] = {}
_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def pool() -> ThreadPoolExecutor:
    """Two worker threads for Arrow work on whole columns (Arrow's kernels run outside
    the GIL, so two columns are encoded at once on a 2-core machine)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="workbook-import")
        return _POOL


def _arrow_of(values: pd.Series) -> Any:
    arr = values.array
    return arr.__arrow_array__() if hasattr(arr, "__arrow_array__") else None


@contextlib.contextmanager
def factorized(columns: list[pd.Series]) -> Iterator[None]:
    """Start factorizing these columns in the background, two at a time; inside the block
    ``factorize`` of any of them waits for that result instead of encoding the column
    again. Work not started when the block ends is cancelled."""
    todo, seen = [], set()
    for s in columns:
        raw = _arrow_of(s)
        if raw is not None and id(raw) not in seen and id(raw) not in _KNOWN:
            seen.add(id(raw))
            todo.append((raw, pool().submit(_encode, s)))
    for raw, future in todo:
        _KNOWN[id(raw)] = (raw, future)
    try:
        yield
    finally:
        for raw, future in todo:
            _KNOWN.pop(id(raw), None)
            future.cancel()   # not needed any more if it has not started


def factorize(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(codes, distinct values) of a text column; arrow-backed columns use Arrow's own
    dictionary encoding."""
    raw = _arrow_of(values)
    if raw is not None:
        known = _KNOWN.get(id(raw))
        if known is not None and known[0] is raw:
            return known[1].result()
    return _encode(values)


def _encode(values: pd.Series) -> tuple[np.ndarray, list[str]]:
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
    """A text column holding ``value`` n times, built from two buffers (no Python list)."""
    import pyarrow as pa

    raw = value.encode("utf-8")
    if len(raw) * n < 2**31:
        offsets = np.arange(n + 1, dtype=np.int32) * np.int32(len(raw))
        arr = pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(raw * n))
    else:
        offsets = np.arange(n + 1, dtype=np.int64) * len(raw)
        arr = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets),
                                               pa.py_buffer(raw * n))
    return pd.Series(pd.array(arr, dtype="str"))


def _chunks(values: pd.Series) -> list | None:
    """The Arrow string chunks behind an Arrow-backed text column (None otherwise)."""
    arr = values.array
    if not hasattr(arr, "__arrow_array__"):
        return None
    import pyarrow as pa

    raw = arr.__arrow_array__()
    chunks = raw.chunks if isinstance(raw, pa.ChunkedArray) else [raw]
    if not all(pa.types.is_string(c.type) or pa.types.is_large_string(c.type)
               for c in chunks):
        return None
    return chunks


def _offsets_and_bytes(chunk: Any) -> tuple[np.ndarray, np.ndarray]:
    """A string chunk's offsets (len + 1, into the returned bytes) and its UTF-8 bytes,
    read from its buffers without copying."""
    import pyarrow as pa

    bufs = chunk.buffers()
    kind = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    offsets = np.frombuffer(bufs[1], dtype=kind)[chunk.offset:chunk.offset + len(chunk) + 1]
    data = np.frombuffer(bufs[2], dtype=np.uint8) if bufs[2] is not None and \
        bufs[2].size else np.zeros(1, dtype=np.uint8)
    return offsets, data


def blank(values: pd.Series) -> np.ndarray:
    """``values == ""`` as a numpy bool array (NA cells are not blank), read from the
    Arrow lengths when the column is Arrow-backed."""
    chunks = _chunks(values)
    if chunks is None:
        return (values == "").to_numpy(dtype=bool, na_value=False)
    if not chunks:
        return np.zeros(0, dtype=bool)
    parts = []
    for c in chunks:
        offsets, _ = _offsets_and_bytes(c)
        empty = offsets[1:] == offsets[:-1]
        if c.null_count:
            empty &= np.asarray(c.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        parts.append(empty)
    return np.concatenate(parts) if len(parts) > 1 else parts[0]


def _suspect(byte: np.ndarray) -> np.ndarray:
    """Bytes a cell may start or end with when it has whitespace at an edge: ASCII spaces
    and controls (<= 32) and the bytes of any non-ASCII character (>= 128); such cells are
    then checked exactly. (uint8 arithmetic wraps: 33..127 become 0..94.)"""
    return (byte + np.uint8(223)) >= 95


def has_edge_space(values: pd.Series) -> bool:
    """True when some cell starts or ends with whitespace (so trimming would change it).
    Arrow-backed columns: only cells whose first or last byte could be whitespace are
    trimmed to check."""
    if len(values) == 0:
        return False
    chunks = _chunks(values)
    if chunks is None:
        return bool(values.str.contains(r"^\s|\s$", regex=True).any())
    import pyarrow as pa
    import pyarrow.compute as pc

    pool = pa.system_memory_pool()
    for chunk in chunks:
        offsets, data = _offsets_and_bytes(chunk)
        start, end = offsets[:-1], offsets[1:]
        suspect = (_suspect(data.take(start, mode="clip")) |
                   _suspect(data.take(end - 1, mode="clip"))) & (end > start)
        if not suspect.any():
            continue
        raw = chunk.take(pa.array(np.flatnonzero(suspect)))
        trimmed = pc.utf8_trim_whitespace(raw, memory_pool=pool)
        if pc.any(pc.not_equal(pc.binary_length(trimmed, memory_pool=pool),
                               pc.binary_length(raw, memory_pool=pool),
                               memory_pool=pool)).as_py():
            return True
    return False
