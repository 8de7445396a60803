"""OCR with tesseract: scanned PDF pages and image files (PNG, JPEG, TIFF) → text with boxes.

The tesseract binary is called directly (no Python binding) with ``rus+kaz+eng`` and
``OMP_THREAD_LIMIT=1``: one thread per process reads an A4 page in 1.6 s instead of 10.8 s with
tesseract's own threads on two cores; several pages run in parallel processes instead
(``WARCASES_OCR_JOBS``). PDF pages are rendered by pypdfium2 at ``WARCASES_OCR_DPI`` (300)
into grey-scale PGM files.

The text keeps its word and line boxes (:class:`PageText`); ``ingest.ocr_boxes`` stores them in
the document metadata and turns a span of the text back into boxes on its page(s). The PDF
and image readers (``ingest.pdf``, ``ingest.image``) decide what to OCR.

Settings (environment): ``WARCASES_OCR`` (auto|always|never), ``WARCASES_TESSERACT`` (the
binary), ``WARCASES_OCR_LANG``, ``WARCASES_OCR_DPI``, ``WARCASES_OCR_MAX_PAGES`` (200),
``WARCASES_OCR_PAGE_TIMEOUT`` (seconds per page, 300), ``WARCASES_OCR_JOBS``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warcases.ingest.errors import IngestError
from warcases.ingest.text import clean_text

OCR_MODES = ("auto", "always", "never")
DEFAULT_LANGUAGES = "rus+kaz+eng"
DEFAULT_DPI = 300
DEFAULT_MAX_PAGES = 200
DEFAULT_PAGE_TIMEOUT = 300.0
# Latin letters tesseract ("eng" is loaded for Latin names and numbers) reads for their
# Cyrillic twins: «УК PK» for «УК РК». Swapped (1:1, boxes stay right) inside a Cyrillic word,
# and in an all-look-alike Latin word on a line that is Cyrillic otherwise.
_LATIN = "ABCEHKMOPTXYaceopxy"
_CYRILLIC_OF = str.maketrans(_LATIN, "АВСЕНКМОРТХУасеорху")
_LOOKALIKE = frozenset(_LATIN)
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-rus tesseract-ocr-kaz"
NEVER_HINT = "OCR is off (--ocr never / WARCASES_OCR=never); use --ocr auto to read it"


@dataclass(frozen=True)
class OcrSettings:
    """How (and whether) to OCR. ``mode``: ``auto`` OCRs only pages without a text layer,
    ``always`` every page, ``never`` none."""

    mode: str = "auto"
    binary: str = "tesseract"
    languages: str = DEFAULT_LANGUAGES
    dpi: int = DEFAULT_DPI
    max_pages: int = DEFAULT_MAX_PAGES
    page_timeout: float = DEFAULT_PAGE_TIMEOUT
    jobs: int = 1


def ocr_settings(mode: str | None = None) -> OcrSettings:
    """Settings from the environment; ``mode`` (the ``--ocr`` option) wins over WARCASES_OCR.
    ValueError with a one-line reason for a bad value."""
    env = os.environ
    chosen = (mode or env.get("WARCASES_OCR") or "auto").strip().lower()
    if chosen not in OCR_MODES:
        source = "--ocr" if mode else "WARCASES_OCR"
        raise ValueError(f"{source} must be one of {', '.join(OCR_MODES)}, not {chosen!r}")
    return OcrSettings(
        mode=chosen,
        binary=env.get("WARCASES_TESSERACT") or "tesseract",
        languages=env.get("WARCASES_OCR_LANG") or DEFAULT_LANGUAGES,
        dpi=_positive(env, "WARCASES_OCR_DPI", DEFAULT_DPI, int),
        max_pages=_positive(env, "WARCASES_OCR_MAX_PAGES", DEFAULT_MAX_PAGES, int),
        page_timeout=_positive(env, "WARCASES_OCR_PAGE_TIMEOUT", DEFAULT_PAGE_TIMEOUT, float),
        jobs=_positive(env, "WARCASES_OCR_JOBS", max(1, min(4, os.cpu_count() or 1)), int),
    )


def _positive(env: Any, name: str, default: Any, kind: Callable[[str], Any]) -> Any:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{name} must be a positive number, not {raw!r}")
    return value


# ---------------------------------------------------------------------------- the engine


@dataclass(frozen=True)
class Engine:
    binary: str
    version: str  # "tesseract 5.3.0"
    languages: str  # what is run: the requested languages that are installed
    missing: tuple[str, ...]  # requested but not installed


_ENGINES: dict[tuple[str, str], Engine | str] = {}


def engine(settings: OcrSettings) -> Engine:
    """The tesseract to run, probed once per process; IngestError (one line, with how to
    install it) when it is missing or has none of the languages asked for."""
    key = (settings.binary, settings.languages)
    if key not in _ENGINES:
        try:
            _ENGINES[key] = _probe(settings)
        except IngestError as exc:
            _ENGINES[key] = str(exc)
    found = _ENGINES[key]
    if isinstance(found, str):
        raise IngestError(found)
    return found


def _probe(settings: OcrSettings) -> Engine:
    binary = shutil.which(settings.binary)
    if binary is None:
        raise IngestError(
            f"OCR needs tesseract, which is not installed ({settings.binary!r} not found; "
            f"WARCASES_TESSERACT names another binary): {INSTALL_HINT}"
        )
    env = _env()
    try:
        version = subprocess.run(
            [binary, "--version"], check=False, capture_output=True, text=True, timeout=30, env=env
        )
        langs = subprocess.run(
            [binary, "--list-langs"],
            check=False,
            capture_output=True,
            text=True,
            timeout=30,
            env=env,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise IngestError(f"OCR: tesseract ({binary}) cannot be run: {exc}") from None
    first = (version.stdout or version.stderr).strip().splitlines()
    name = first[0].strip() if first else "tesseract (unknown version)"
    listing = (langs.stdout + "\n" + langs.stderr).splitlines()  # old versions: stderr
    installed = {
        line.strip() for line in listing if line.strip() and not line.startswith("List of")
    }
    wanted = [lang for lang in settings.languages.split("+") if lang]
    usable = [lang for lang in wanted if lang in installed]
    if not usable:
        raise IngestError(
            f"OCR: tesseract has none of the languages {settings.languages} installed "
            f"(it has {', '.join(sorted(installed)) or 'none'}): {INSTALL_HINT}"
        )
    missing = tuple(lang for lang in wanted if lang not in installed)
    return Engine(binary, name, "+".join(usable), missing)


def _env() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


# ---------------------------------------------------------------------------- one image


@dataclass
class PageText:
    """OCR of one page: text plus boxes, offsets within ``text``."""

    page: int
    text: str
    width: int
    height: int
    dpi: int | None
    words: list[tuple[int, int, int, int, int, int, float]] = field(default_factory=list)
    lines: list[tuple[int, int, int, int, int, int]] = field(default_factory=list)


def run_tesseract(eng: Engine, image: Path, *, dpi: int | None, timeout: float, what: str) -> str:
    """Tesseract's TSV for one image file (all pages of a multi-page TIFF)."""
    cmd = [eng.binary, str(image), "stdout", "-l", eng.languages]
    if dpi:
        cmd += ["--dpi", str(dpi)]
    cmd.append("tsv")
    try:
        done = subprocess.run(cmd, check=False, capture_output=True, timeout=timeout, env=_env())
    except subprocess.TimeoutExpired:
        raise IngestError(
            f"OCR of {what} took longer than {timeout:g} s (WARCASES_OCR_PAGE_TIMEOUT)"
        ) from None
    except OSError as exc:
        raise IngestError(f"OCR: tesseract cannot be run: {exc}") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[-1] if lines else f"exit status {done.returncode}"
        raise IngestError(f"OCR of {what} failed: tesseract says: {reason}")
    return done.stdout.decode("utf-8", "replace")


def parse_tsv(tsv: str, first_page: int = 1, dpi: int | None = None) -> list[PageText]:
    """Pages of text from tesseract TSV: words joined by spaces, lines by newlines, a blank line
    between paragraphs. Page numbers start at ``first_page``."""
    pages: dict[int, dict[str, Any]] = {}
    for row in tsv.split("\n")[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or not cols[0].isdigit():
            continue
        level, page_num = int(cols[0]), int(cols[1])
        box = tuple(int(float(c)) for c in cols[6:10])
        page = pages.setdefault(page_num, {"size": (0, 0), "words": []})
        if level == 1:
            page["size"] = (box[2], box[3])
        elif level == 5:
            word = clean_text(cols[11]).strip()
            if word:
                key = (int(cols[2]), int(cols[3]), int(cols[4]))
                page["words"].append((key, word, box, float(cols[10])))
    out = []
    for page_num in sorted(pages):
        page = pages[page_num]
        page["words"] = _fix_lookalikes(page["words"])
        result = PageText(first_page + page_num - 1, "", page["size"][0], page["size"][1], dpi)
        parts: list[str] = []
        length = 0
        line_key: tuple[int, int, int] | None = None
        line_start, line_box = 0, [0, 0, 0, 0]
        for key, word, (left, top, width, height), conf in page["words"]:
            if key != line_key:
                if line_key is not None:
                    result.lines.append((line_start, length, *_wh(line_box)))
                    sep = "\n" if key[:2] == line_key[:2] else "\n\n"
                    parts.append(sep)
                    length += len(sep)
                line_key, line_start = key, length
                line_box = [left, top, left + width, top + height]
            else:
                parts.append(" ")
                length += 1
                line_box = [
                    min(line_box[0], left),
                    min(line_box[1], top),
                    max(line_box[2], left + width),
                    max(line_box[3], top + height),
                ]
            word_box = (left, top, width, height)
            result.words.append((length, length + len(word), *word_box, round(conf, 1)))
            parts.append(word)
            length += len(word)
        if line_key is not None:
            result.lines.append((line_start, length, *_wh(line_box)))
        result.text = "".join(parts)
        out.append(result)
    return out


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _fix_lookalikes(words: list[tuple[Any, str, Any, float]]) -> list[tuple[Any, str, Any, float]]:
    out = []
    for i, (key, word, box, conf) in enumerate(words):
        latin = [ch for ch in word if ch.isascii() and ch.isalpha()]
        if latin and all(ch in _LOOKALIKE for ch in latin):
            if any(_is_cyrillic(ch) for ch in word):
                word = word.translate(_CYRILLIC_OF)
            else:
                line = [w for j, (k, w, _, _) in enumerate(words) if k == key and j != i]
                cyr = sum(_is_cyrillic(ch) for w in line for ch in w)
                lat = sum(ch.isascii() and ch.isalpha() for w in line for ch in w)
                if cyr > 2 * lat and cyr >= 3:
                    word = word.translate(_CYRILLIC_OF)
        out.append((key, word, box, conf))
    return out


def _wh(box: list[int]) -> tuple[int, int, int, int]:
    return box[0], box[1], box[2] - box[0], box[3] - box[1]


def check_page_limit(count: int, settings: OcrSettings, what: str) -> None:
    if count > settings.max_pages:
        raise IngestError(
            f"{what} needs OCR on {count} pages, above the limit of {settings.max_pages} "
            "(raise it with WARCASES_OCR_MAX_PAGES)"
        )
