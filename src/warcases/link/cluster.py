"""Clusters of records into persons: connected components over the pairs judged "same".

An edge is a pair whose effective judgement is *yes* (a person's latest judgement, else the
machine's). A person's *no* removes the edge; when the two records still end up together
through other edges the cluster is flagged as a conflict for review rather than split by
guesswork.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


class UnionFind:
    def __init__(self, nodes: Iterable[str]) -> None:
        self.parent = {n: n for n in nodes}

    def find(self, x: str) -> str:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def clusters(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Cluster key (its smallest record id) → sorted record ids; every node is in one cluster."""
    nodes = list(nodes)
    uf = UnionFind(nodes)
    for a, b in edges:
        if a in uf.parent and b in uf.parent:
            uf.union(a, b)
    out: dict[str, list[str]] = {}
    for n in nodes:
        out.setdefault(uf.find(n), []).append(n)
    return {min(members): sorted(members) for members in out.values()}


def person_id(members: list[str]) -> str:
    """A stable id for a cluster from its members' content keys (``run.content_key``): the same
    records give the same id in every run, and in every database built from the same files
    whatever order they were ingested in."""
    return "P" + hashlib.sha1(min(members).encode()).hexdigest()[:12]


def conflicts(groups: dict[str, list[str]], vetoes: Iterable[tuple[str, str]]) -> set[str]:
    """Clusters holding two records a person said are *not* the same."""
    where = {m: key for key, members in groups.items() for m in members}
    return {where[a] for a, b in vetoes if a in where and where.get(a) == where.get(b)}


__all__ = ["UnionFind", "clusters", "conflicts", "person_id"]
