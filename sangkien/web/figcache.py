"""Built figures shared across reruns and sessions, keyed by what they were built from.

Building a Plotly figure (validated trace and layout updates) is the largest part of a page's
server time; the same frames, stamp and language give the same figure, so a figure is built once
per distinct input and then reused by every session (like `st.cache_resource`, but keyed by the
frames' contents, so a new data version or another minute builds a new one). Pages must treat a
figure they get as read-only. Only the builders pages call are decorated (`@figcache.cached`, in
sangkien/web/charts/); a builder that completes a figure another one started calls it undecorated
(a helper, or `builder.uncached`), so no shared figure is ever changed.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import threading
from collections import OrderedDict
from datetime import date, datetime, time

import numpy as np
import pandas as pd

MAX_FIGURES = 256
stats = {"hits": 0, "misses": 0, "uncacheable": 0}


class Bounded:
    """A thread-safe cache of at most `size` entries, least recently used dropped first, that
    counts its hits and misses in `stats` (shared by every session of the process)."""

    def __init__(self, size: int, stats: dict[str, int]) -> None:
        self.size, self.stats = size, stats
        self._items: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_build(self, key: tuple, build):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.stats["hits"] += 1
                return self._items[key]
        value = build()  # outside the lock: two sessions may build the same value once each
        with self._lock:
            self.stats["misses"] += 1
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            for key in self.stats:
                self.stats[key] = 0


_figures = Bounded(MAX_FIGURES, stats)


class Unhashable(TypeError):
    """An argument this cache cannot fingerprint; the figure is then built every time."""


def fingerprint(value) -> object:
    """A hashable, content-based key for a builder's argument."""
    if value is None or isinstance(value, (str, bool, int, float, date, datetime, time, pd.Timestamp)):
        return (type(value).__name__, value)
    if isinstance(value, np.generic):
        return (type(value).__name__, value.item())
    if isinstance(value, pd.DataFrame):
        return ("frame", tuple(map(str, value.columns)), tuple(map(str, value.dtypes)), _digest(value))
    if isinstance(value, pd.Series):
        return ("series", str(value.name), str(value.dtype), _digest(value))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(fingerprint(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((fingerprint(k), fingerprint(v)) for k, v in value.items()))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__qualname__, tuple((f.name, fingerprint(getattr(value, f.name))) for f in dataclasses.fields(value)))
    raise Unhashable(type(value).__name__)


def _digest(obj: pd.DataFrame | pd.Series) -> bytes:
    """A digest of the values, column by column, and of the index. Numbers, dates and flags are
    read as their bytes and text as its characters (pandas' own hashing of every cell is several
    times slower, and every rerun fingerprints its frames); other cells go through pandas."""
    frame = obj.to_frame() if isinstance(obj, pd.Series) else obj
    digest = hashlib.blake2b(digest_size=16)
    if isinstance(frame.index, pd.RangeIndex):
        _feed(digest, None, frame.index)
    else:
        for _, level in frame.index.to_frame(index=False).items():
            _feed(digest, level)
    for _, column in frame.items():
        _feed(digest, column)
    return digest.digest()


def _feed(digest, values: pd.Series | None, range_index: pd.RangeIndex | None = None) -> None:
    if values is None:  # a RangeIndex: its bounds
        digest.update(repr((range_index.start, range_index.stop, range_index.step)).encode())
        return
    dtype = values.dtype
    digest.update(str(dtype).encode() + b"\x00")
    if isinstance(dtype, np.dtype) and dtype.kind in "biufcmM":
        digest.update(np.ascontiguousarray(values.to_numpy()).tobytes())
    elif isinstance(dtype, pd.StringDtype):
        texts = values.tolist()
        digest.update(repr([t if isinstance(t, str) else None for t in texts]).encode("utf-8", "surrogatepass"))
    else:
        try:
            hashes = pd.util.hash_pandas_object(values, index=False).to_numpy()
        except TypeError as exc:  # cells holding lists or other unhashable values
            raise Unhashable(str(exc)) from exc
        digest.update(hashes.tobytes())


def cached(builder):
    """Decorate a figure builder so that its calls share built figures, keyed by the builder and
    its arguments' contents; `wrapper.uncached` is the builder itself."""
    name = (builder.__module__, builder.__qualname__)

    @functools.wraps(builder)
    def wrapper(*args, **kwargs):
        try:
            key = (name, fingerprint(args), fingerprint(sorted(kwargs.items())))
        except Unhashable:
            stats["uncacheable"] += 1
            return builder(*args, **kwargs)
        return _figures.get_or_build(key, lambda: _memo_to_dict(builder(*args, **kwargs)))

    wrapper.uncached = builder
    return wrapper


def _memo_to_dict(figure):
    """A shared figure's `to_dict`, computed once: st.plotly_chart calls it on every run (a deep
    copy of every trace and array, the larger part of sending a built figure). The figure is
    read-only once shared, so its dict does not change either.

    Kept as an instance attribute on purpose: st.plotly_chart (through plotly.tools) accepts a
    dict only to validate it again into a new Figure (slower than the copy it would save), and a
    Figure subclass with a memo would have to be built from this one (validated again) or have
    its class swapped. Patching this one method of a figure nobody changes any more is the plain
    way left; the pages cannot be asked to pass something else without changing every call."""
    original = getattr(figure, "to_dict", None)
    if original is None:
        return figure
    memo: list = []

    def to_dict():
        if not memo:
            memo.append(original())
        return memo[0]

    try:
        figure.to_dict = to_dict
    except (AttributeError, ValueError):  # a figure type that refuses new attributes: left as it is
        pass
    return figure


def clear() -> None:
    _figures.clear()
