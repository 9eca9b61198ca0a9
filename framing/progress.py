"""Progress bars: a widget in Jupyter (with ipywidgets, the ``notebooks`` extra), a text line
elsewhere.

One constructor for every bar framing shows. ``tqdm.auto`` picks the widget or the text bar when
it is imported, and warns when it finds a Jupyter kernel without ipywidgets; it is imported only
when a bar is actually shown, so ``import framing`` stays silent and the hint appears only to
someone who asked for progress.
"""

from __future__ import annotations

from collections.abc import Iterable

from tqdm import tqdm

__all__ = ["progress_bar"]


def progress_bar(iterable: Iterable | None = None, *, enabled: bool, **options) -> tqdm:
    """A tqdm bar over ``iterable`` (or with ``total=`` and ``update()``); hidden unless
    ``enabled``. ``options`` are tqdm's (``total``, ``desc``, ``unit``)."""
    if not enabled:
        return tqdm(iterable, disable=True, **options)
    from tqdm.auto import tqdm as auto_tqdm

    return auto_tqdm(iterable, **options)
