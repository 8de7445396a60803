"""How often each pair of Cyrillic letters follows another, in bands: the evidence the TXT
reader uses to choose between 8-bit encodings of short texts (see ``text.encoding_score``).

The bands in ``knowledge/languages.yaml`` (``encoding.pair_bands``) were made by this module
from the demo corpus (Russian and Kazakh court and news prose):

    python -m warcases.ingest.letter_pairs data/demo > bands.yaml

A pair's band is ``floor(log2(count))`` capped at ``TOP_BAND``; word starts and ends are pairs
with a space. Pairs never seen are band 0 (a wrong decoding is full of them).
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

TOP_BAND = 12
_WORD = re.compile("[а-яёәғқңөұүһіїєґў]+")


def pair_counts(texts: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        for word in _WORD.findall(text.lower()):
            padded = f" {word} "
            counts.update(padded[i : i + 2] for i in range(len(padded) - 1))
    return counts


def bands(counts: Counter[str]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for pair, n in counts.items():
        band = min(TOP_BAND, int(math.log2(n)) + 1)
        out.setdefault(band, []).append(pair)
    return {band: sorted(pairs) for band, pairs in sorted(out.items(), reverse=True)}


def _texts(folder: Path) -> Iterable[str]:
    from warcases.ingest.readers import read_bytes

    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in (".txt", ".html", ".pdf", ".docx"):
            doc = read_bytes(path.name, path.read_bytes())
            for d in doc if isinstance(doc, list) else [doc]:
                yield d.text


def main(argv: list[str]) -> None:
    counts = pair_counts(t for folder in argv for t in _texts(Path(folder)))
    print("  pair_bands:")
    for band, pairs in bands(counts).items():
        joined = "|".join(pairs)
        print(f'    {band}: "{joined}"')


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
