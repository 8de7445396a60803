"""HTML pages: the readable text of the main content, without menus, banners and scripts.

Parsed with lxml directly (BeautifulSoup over lxml took 17 s on an 11 MB page of navigation;
lxml parses it in 0.5 s). Boilerplate goes in three passes: tags that never hold content
(script, style ...), structural tags (nav, aside, footer, a page-level header, small forms),
then - inside the chosen content root only - elements whose id/class names boilerplate
(cookie, banner, menu ...). The content root is ``<main>``, ``<article>``, ``[role=main]``,
``#content`` or ``.content`` when present, otherwise the element holding the most running
text outside links.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from warcases.ingest.errors import IngestError
from warcases.ingest.text import BOMS, TextAssembler, clean_text, decode_bytes, refuse_binary
from warcases.model import ParsedDocument

JUNK_TAGS = (
    "head", "script", "style", "noscript", "template", "iframe", "svg", "math", "button",
    "select", "textarea", "object", "embed", "canvas", "input", "link", "meta",
)  # fmt: skip
STRUCTURAL_TAGS = ("nav", "aside", "footer", "form", "header")  # a header inside main/article stays
# Where the content is, most telling first: <main>, <article>, [role=main], #content, .content.
# (Tag lookups are done by libxml2; attribute ones only when the page has such an attribute:
# an XPath over every node of a 10 MB page costs half a second each.)
CONTENT_TAGS = ("main", "article")
BOILERPLATE_HINTS = (
    "cookie", "banner", "menu", "nav", "breadcrumb", "footer", "header", "sidebar", "share",
    "social", "comment",
)  # fmt: skip
# An id/class token equal to one of these (or starting with "article") keeps the element.
CONTENT_TOKENS = frozenset({"content", "main", "post", "entry", "text", "story", "verdict", "body"})
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "h1", "h2",
    "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
    "tfoot", "tr", "caption", "pre", "blockquote", "address", "figure", "figcaption", "center",
    "fieldset", "legend", "hr", "form", "details", "summary",
})  # fmt: skip
CELL_TAGS = frozenset({"td", "th"})
# A form holding at least this much text is a page wrapper (ASP.NET), not a search box.
FORM_TEXT_KEEP = 500
# A semantic content root with less text than this is ignored in favour of the text scan.
MIN_ROOT_TEXT = 200
# Text nodes shorter than this are labels and menu items, not running text.
MIN_RUNNING_TEXT = 25
MAX_OFFSET_SEARCH = 20_000

_ROLE_MAIN = re.compile(r"""role\s*=\s*["']?main\b""")
_CLASS_CONTENT = re.compile(r"""class\s*=\s*["']?[^"'>]*\bcontent\b""")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_HINTS = re.compile("|".join(BOILERPLATE_HINTS))
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_CELL = "\x1f"  # between table cells of one row
_LINE = "\x1e"  # a line break inside a block (<br>, newlines in <pre>)
_NEEDLE_STOP = re.compile("[&<>\"'\u00a0\\s]")


def decode_html(data: bytes) -> tuple[str, str]:
    """The page as text: a byte-order mark, then a <meta> charset, then the text detector."""
    for bom, _codec in BOMS:
        if data.startswith(bom):
            return decode_bytes(data)
    declared = _META_CHARSET.search(data[:8192])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            codec = codecs.lookup(name).name
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: fall back to detection
        else:
            refuse_binary(data)
            return text, codec
    return decode_bytes(data)


def read_html(data: bytes, name: str = "") -> ParsedDocument:
    """An HTML page: its main text, one segment per kept block (``page`` = block number)."""
    source, encoding = decode_html(data)
    # lxml refuses str input with an XML declaration: blank it out, keeping every offset.
    source = _XML_DECL.sub(lambda m: " " * len(m.group()), source, count=1)
    if not source.strip():
        raise IngestError("HTML page is empty")
    try:
        root = lxml_html.document_fromstring(source, parser=_parser())
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(f"HTML page cannot be parsed: {exc}") from None
    title, metadata = _title_and_metadata(root)
    etree.strip_elements(root, *JUNK_TAGS, with_tail=False)
    anchors = _anchors(root, source)
    _drop_structural(root, anchors)
    content = _content_root(root, anchors)
    _drop_hinted(content)
    builder = TextAssembler()
    locator = _SourceLocator(source)
    for number, (text, element) in enumerate(_blocks(content), start=1):
        builder.add(text, number, locator.find(element, text))
    text, segments = builder.build()
    if not text:
        raise IngestError(
            "HTML page has no readable text (only markup, scripts and menus, "
            "or tags nested over 2048 deep)"
        )
    return ParsedDocument(
        text=text,
        format="html",
        segments=segments,
        encoding=encoding,
        title=title,
        metadata=metadata,
    )


def _parser() -> lxml_html.HTMLParser:
    # huge_tree: old pages full of unclosed <font> tags nest deeper than libxml2's default 256.
    return lxml_html.HTMLParser(
        remove_comments=True, remove_pis=True, default_doctype=False, huge_tree=True
    )


def _text(value: object) -> str:
    return " ".join(str(value).split())


def _title_and_metadata(root: lxml_html.HtmlElement) -> tuple[str | None, dict[str, str]]:
    title = h1 = url = published = ""
    for el in root.iter("title", "h1", "link", "meta", "time"):
        tag = el.tag
        if tag == "title" and not title:
            title = _text(el.text_content())
        elif tag == "h1" and not h1:
            h1 = _text(el.text_content())
        elif tag == "link" and not url and (el.get("rel") or "").lower() == "canonical":
            url = _text(el.get("href") or "")
        elif tag == "meta" and el.get("property") == "og:url" and not url:
            url = _text(el.get("content") or "")
        elif tag == "meta" and el.get("property") == "article:published_time" and not published:
            published = _text(el.get("content") or "")
        elif tag == "time" and not published:
            published = _text(el.get("datetime") or "")
    metadata: dict[str, str] = {}
    if url:
        metadata["url"] = url
    if published:
        metadata["published"] = published
    lang = _text(root.get("lang") or "")
    if lang:
        metadata["html_lang"] = lang
    best = title or h1
    return (clean_text(best) if best else None), metadata


def _anchors(root: lxml_html.HtmlElement, source: str) -> list[list[lxml_html.HtmlElement]]:
    """Candidate content roots, in order of preference: main, article, [role=main], #content,
    .content."""
    by_tag: dict[str, list[lxml_html.HtmlElement]] = {tag: [] for tag in CONTENT_TAGS}
    for el in root.iter(*CONTENT_TAGS):
        by_tag[el.tag].append(el)
    role = root.xpath("//*[@role='main']") if _ROLE_MAIN.search(source) else []
    by_id = root.xpath("id('content')")
    by_class = []
    if _CLASS_CONTENT.search(source):
        by_class = [
            el
            for el in root.xpath("//*[contains(@class, 'content')]")
            if "content" in (el.get("class") or "").split()
        ]
    return [by_tag["main"], by_tag["article"], role, by_id, by_class]


def _drop_structural(
    root: lxml_html.HtmlElement, anchors: list[list[lxml_html.HtmlElement]]
) -> None:
    keep: set[lxml_html.HtmlElement] = set()
    for group in anchors[:4]:  # main, article, [role=main], #content and what contains them
        for anchor in group:
            keep.add(anchor)
            keep.update(anchor.iterancestors())
    doomed = []
    for el in root.iter(*STRUCTURAL_TAGS):
        if el in keep:
            continue
        if el.tag == "header" and any(a.tag in CONTENT_TAGS for a in el.iterancestors()):
            continue
        if el.tag == "form" and len(el.text_content()) >= FORM_TEXT_KEEP:
            continue
        doomed.append(el)
    _strip(root, doomed)


def _strip(root: lxml_html.HtmlElement, doomed: list[lxml_html.HtmlElement]) -> None:
    # Renaming and stripping by tag name is done by libxml2 in one pass; dropping a hundred
    # thousand menu items one by one from Python is not.
    for el in doomed:
        el.tag = "warcases-drop"
    if doomed:
        etree.strip_elements(root, "warcases-drop", with_tail=False)


def _is_boilerplate(el: lxml_html.HtmlElement) -> bool:
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    if not _HINTS.search(names):
        return False
    tokens = [t for t in _TOKEN_SPLIT.split(names) if t]
    return not any(t in CONTENT_TOKENS or t.startswith("article") for t in tokens)


def _drop_hinted(content: lxml_html.HtmlElement) -> None:
    """Drop boilerplate-named elements inside the content root, but never one that holds half
    of its text (a wrapper named "page-with-sidebar" is the page)."""
    half = len(content.text_content()) / 2
    doomed = [
        el
        for el in content.iterdescendants()
        if isinstance(el.tag, str)
        and (el.get("class") or el.get("id"))
        and _is_boilerplate(el)
        and len(el.text_content()) <= half
    ]
    _strip(content, doomed)


def _content_root(
    root: lxml_html.HtmlElement, anchors: list[list[lxml_html.HtmlElement]]
) -> lxml_html.HtmlElement:
    for group in anchors:
        found = [el for el in group if _attached(el, root)]
        if found:
            best = max(found, key=lambda el: len(el.text_content()))
            if len(_text(best.text_content())) >= MIN_ROOT_TEXT:
                return best
            break
    return _most_text(root)


def _attached(el: lxml_html.HtmlElement, root: lxml_html.HtmlElement) -> bool:
    """Still in the page (not inside something already dropped)."""
    return el is root or any(a is root for a in el.iterancestors())


def _most_text(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The element whose block children hold the most running text outside links."""
    body = root.find("body")
    top = body if body is not None else root
    scores: dict[lxml_html.HtmlElement, float] = {}
    query = f".//text()[string-length(normalize-space()) >= {MIN_RUNNING_TEXT}][not(ancestor::a)]"
    for node in top.xpath(query):
        owner = node.getparent()
        if owner is None:
            continue
        if node.is_tail:
            owner = owner.getparent()
        block = owner
        while block is not None and block.tag not in BLOCK_TAGS and block is not top:
            block = block.getparent()
        if block is None:
            continue
        size = len(node.strip())
        container = block.getparent() if block is not top else top
        if container is None:
            container = top
        scores[container] = scores.get(container, 0.0) + size
        grand = container.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + size / 2
    if not scores:
        return top
    return max(scores, key=scores.__getitem__)


@dataclass
class _Block:
    parts: list[str]
    element: lxml_html.HtmlElement | None = None


def _blocks(root: lxml_html.HtmlElement) -> Iterator[tuple[str, lxml_html.HtmlElement | None]]:
    """(text, element it starts in) for each line of each block of ``root``, in order."""
    current = _Block([])
    pre_depth = 0

    def add(piece: str | None, owner: lxml_html.HtmlElement) -> None:
        if not piece:
            return
        if pre_depth:
            piece = piece.replace("\n", _LINE)
        if current.element is None and piece.strip():
            current.element = owner
        current.parts.append(piece)

    def flush() -> Iterator[tuple[str, lxml_html.HtmlElement | None]]:
        nonlocal current
        block, current = current, _Block([])
        raw = "".join(block.parts)
        for line in raw.split(_LINE):
            cells = [" ".join(cell.split()) for cell in line.split(_CELL)]
            text = clean_text("\t".join(cells).strip())
            if text:
                yield text, block.element

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS:
                yield from flush()
            elif tag == "br":
                current.parts.append(_LINE)
            elif tag in CELL_TAGS and "".join(current.parts).strip():
                current.parts.append(_CELL)
            if tag == "pre":
                pre_depth += 1
            add(el.text, el)
        else:
            if tag == "pre":
                pre_depth -= 1
            if tag in BLOCK_TAGS:
                yield from flush()
            if el is not root:
                parent = el.getparent()
                add(el.tail, parent if parent is not None else el)
    yield from flush()


class _SourceLocator:
    """Finds where a block's words start in the decoded HTML, moving forward only."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.cursor = 0
        self._line_starts: list[int] | None = None

    def _line_start(self, line: int | None) -> int:
        if not line:
            return 0
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]
        index = min(line - 1, len(self._line_starts) - 1)
        return self._line_starts[max(0, index)]

    def find(self, element: lxml_html.HtmlElement | None, text: str) -> int:
        """Offset of ``text`` (a block's cleaned text) in the source. A block takes at least as
        many source characters as text ones, so the next search starts past it."""
        start = self.cursor
        if element is not None:
            start = max(start, self._line_start(element.sourceline))
        needle = _NEEDLE_STOP.split(text, maxsplit=1)[0][:40]
        pos = -1
        if needle:
            pos = self.source.find(needle, start, start + MAX_OFFSET_SEARCH)
            if pos < 0:  # a block after a long stretch of markup (a one-line page)
                pos = self.source.find(needle, start)
        if pos < 0:
            pos = start
        self.cursor = pos + len(text)
        return pos
