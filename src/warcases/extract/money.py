"""The money a recruiter offered: «с выплатой 240 000 рублей в месяц» → {"amount": 240000,
"currency": "RUB", "period": "month"}. Cue words are data: knowledge/recruitment.yaml ``money``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from warcases.extract.aliases import WORDS as _WORDS
from warcases.extract.aliases import compile_alias

if TYPE_CHECKING:
    from warcases.extract.aliases import Hit



def _alternation(entries: Iterable[Any]) -> re.Pattern[str]:
    parts = [compile_alias(str(e))[0] for e in entries]
    return re.compile("(?<!\\w)(?:" + "|".join(parts or ["(?!)"]) + ")", re.IGNORECASE)


def _all_languages(table: dict[str, Any]) -> list[Any]:
    return [e for lang, entries in table.items() if lang != "source" for e in entries or []]


class MoneyCues:
    """«с выплатой 240 000 рублей в месяц» → {"amount": 240000, "currency": "RUB", "period": "month"}.

    Amounts are read back from a currency word (found by the alias scan) or forward from a
    currency sign; an amount counts when an offer word governs it, not a «received» one."""

    def __init__(self, table: dict[str, Any]) -> None:
        self.symbols = {str(k): str(v) for k, v in table["symbols"].items()}
        mults = sorted(
            ((int(k), str(w)) for k, ws in table["multipliers"].items() for w in ws),
            key=lambda x: -len(x[1]),
        )
        self.mult = [(w.lower(), k) for k, w in mults]
        alt = "|".join(re.escape(w) + r"\w*" for _, w in mults)
        self.number = re.compile(r"(?<![\w.,])\d(?:[\d\u00a0\u202f ]|[.,](?=\d))*")
        self.between = re.compile(
            rf"\s*(?:\([^()]{{1,60}}\)\s*)?(?:(?P<mult>{alt})\.?\s*)?", re.IGNORECASE
        )
        self.offer = _alternation(_all_languages(table["offer"]))
        self.strong = _alternation(_all_languages(table["strong_offer"]))
        self.received = _alternation(_all_languages(table["received"]))
        self.periods = [(p, _alternation(_all_languages(t))) for p, t in table["period"].items()]

    def amounts(
        self, text: str, lo: int, hi: int, currencies: list[Hit]
    ) -> list[tuple[int, int, int, str]]:
        """(start, end, amount, currency code) for every amount written with a currency."""
        out: list[tuple[int, int, int, str]] = []
        for c in currencies:
            numbers = list(self.number.finditer(text, max(lo, c.start - 80), c.start))
            if not numbers:
                continue
            last = numbers[-1]
            gap = self.between.fullmatch(text, last.end(), c.start)
            if gap is None:
                continue
            out.append(
                (last.start(), c.end, self._number(last.group(), gap.group("mult")), c.value)
            )
        for sign, code in self.symbols.items():
            i = text.find(sign, lo, hi)
            while i >= 0:
                num = self.number.match(text, i + 1 + (text[i + 1 : i + 2] == " "))
                if num:
                    after = self.between.match(text, num.end(), hi)
                    mult = after.group("mult") if after else None
                    end = after.end() if mult and after else num.end()
                    out.append((i, end, self._number(num.group(), mult), code))
                i = text.find(sign, i + 1, hi)
        return out

    def offers(
        self, text: str, lo: int, hi: int, currencies: list[Hit]
    ) -> list[tuple[dict[str, Any], int, int]]:
        out: list[tuple[dict[str, Any], int, int]] = []
        for s, e, amount, code in self.amounts(text, lo, hi, currencies):
            before = _last_words(text, max(lo, s - 120), s, 6)
            strong, weak, got = (
                _last(self.strong, before),
                _last(self.offer, before),
                _last(self.received, before),
            )
            period = self._period(_last_words(text, lo, s, 4), text[e : min(hi, e + 40)])
            if (
                got is None
                and (strong is not None or weak is not None or period)
                or (strong is not None and got is not None and strong > got)
            ):
                out.append(({"amount": amount, "currency": code, "period": period}, s, e))
        return out

    def _number(self, digits: str, mult: str | None) -> int:
        s = re.sub(r"[\s\u00a0\u202f]", "", digits).rstrip(".,")
        if mult:
            factor = next(v for w, v in self.mult if mult.lower().startswith(w))
            return round(float(s.replace(",", ".")) * factor)
        if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", s):
            s = s.replace(",", "").replace(".", "")
        return round(float(s.replace(",", ".")))

    def _period(self, before: str, after: str) -> str | None:
        for text in (after[:25], before):
            for period, rx in self.periods:
                if rx.search(text):
                    return period
        return None


def _last_words(text: str, lo: int, hi: int, n: int) -> str:
    words = list(_WORDS.finditer(text, lo, hi))
    return text[words[-n].start() if len(words) >= n else (words[0].start() if words else hi) : hi]


def _last(rx: re.Pattern[str], text: str) -> int | None:
    found = [m.start() for m in rx.finditer(text)]
    return found[-1] if found else None
