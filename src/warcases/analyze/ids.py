"""Ordering record ids ("doc/10/case/0" after "doc/9/case/0") so every listing is stable."""

from __future__ import annotations

from collections.abc import Iterable


def id_order(ident: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key: numeric parts as numbers, the rest as text."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in str(ident).split("/"))


def sorted_ids(ids: Iterable[str]) -> tuple[str, ...]:
    """Distinct ids in natural order."""
    return tuple(sorted(set(ids), key=id_order))
