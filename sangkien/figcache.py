"""Built figures shared across reruns and sessions, keyed by what they were built from.

Building a Plotly figure (validated trace and layout updates) is the largest part of a page's
server time; the same frames, stamp and language give the same figure, so a figure is built once
per distinct input and then reused by every session (like `st.cache_resource`, but keyed by the
frames' contents, so a new data version or another minute builds a new one). Pages must treat a
figure they get as read-only. Calls between builders inside sangkien.charts are not cached,
because a builder may complete a figure another one started.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import sys
import threading
from collections import OrderedDict
from datetime import date, datetime, time

import numpy as np
import pandas as pd

MAX_FIGURES = 256
_figures: OrderedDict[tuple, object] = OrderedDict()
_lock = threading.Lock()
stats = {"hits": 0, "misses": 0, "uncacheable": 0}


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
    try:
        hashes = pd.util.hash_pandas_object(obj, index=True).to_numpy()
    except TypeError as exc:  # cells holding lists or other unhashable values
        raise Unhashable(str(exc)) from exc
    return hashlib.blake2b(hashes.tobytes(), digest_size=16).digest()


def cached(builder):
    """Wrap a figure builder so that calls from outside its module share built figures."""
    module = builder.__module__

    @functools.wraps(builder)
    def wrapper(*args, **kwargs):
        if sys._getframe(1).f_globals.get("__name__") == module:
            return builder(*args, **kwargs)
        try:
            key = (builder.__qualname__, fingerprint(args), fingerprint(sorted(kwargs.items())))
        except Unhashable:
            stats["uncacheable"] += 1
            return builder(*args, **kwargs)
        with _lock:
            if key in _figures:
                _figures.move_to_end(key)
                stats["hits"] += 1
                return _figures[key]
        figure = builder(*args, **kwargs)
        with _lock:
            stats["misses"] += 1
            _figures[key] = figure
            while len(_figures) > MAX_FIGURES:
                _figures.popitem(last=False)
        return figure

    wrapper.uncached = builder
    return wrapper


def install(namespace: dict) -> None:
    """Cache every public builder of a module (functions annotated to return go.Figure)."""
    for name, value in list(namespace.items()):
        if callable(value) and not name.startswith("_") and getattr(value, "__module__", None) == namespace["__name__"]:
            if getattr(value, "__annotations__", {}).get("return") in ("go.Figure", "Figure"):
                namespace[name] = cached(value)


def clear() -> None:
    with _lock:
        _figures.clear()
        for key in stats:
            stats[key] = 0
