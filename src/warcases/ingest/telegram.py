"""Telegram Desktop exports (``result.json``): one document per message with text.

Both layouts Telegram Desktop writes are read: a single chat (``{"name", "type", "id",
"messages": [...]}``) and a whole account (``{"chats": {"list": [chat, ...]}}``). A message's
``text`` is a string or a list of strings and ``{type, text, href?}`` parts; service messages
(joins, pins ...) and messages without text (a bare photo) are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from warcases.ingest.errors import IngestError
from warcases.ingest.text import clean_text, first_line_title
from warcases.model import ParsedDocument, Segment

# Chat types whose messages have a t.me/c/<id>/<message> link.
LINKABLE_TYPES = ("public_channel", "private_channel", "public_supergroup", "private_supergroup")


def read_telegram(data: bytes, name: str = "") -> list[ParsedDocument]:
    """Every message with text, as its own document (format "telegram")."""
    if not data:
        raise IngestError("empty file (0 bytes)")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"Telegram export is not UTF-8 (bad byte at offset {exc.start})"
        ) from None
    try:
        export = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise IngestError(
            f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise IngestError("malformed JSON: nested too deeply") from None
    documents = []
    for chat in _chats(export):
        for message in chat["messages"]:
            doc = _message_document(chat, message)
            if doc is not None:
                documents.append(doc)
    return documents


def _chats(export: Any) -> list[dict[str, Any]]:
    if isinstance(export, dict) and isinstance(export.get("messages"), list):
        return [export]
    chats = export.get("chats") if isinstance(export, dict) else None
    listed = chats.get("list") if isinstance(chats, dict) else None
    if isinstance(listed, list):
        return [c for c in listed if isinstance(c, dict) and isinstance(c.get("messages"), list)]
    raise IngestError(
        'not a Telegram Desktop export: no "messages" list '
        "(export the chat from Telegram Desktop as JSON)"
    )


def _parts(value: Any) -> Iterator[str | dict[str, Any]]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for part in value:
            if isinstance(part, (str, dict)):
                yield part


def message_text(message: dict[str, Any]) -> tuple[str, list[str]]:
    """The text of a message and the links in it (``text_link`` targets and bare links)."""
    pieces: list[str] = []
    links: list[str] = []
    source = message.get("text")
    if not source and isinstance(message.get("text_entities"), list):
        source = message["text_entities"]
    for part in _parts(source):
        if isinstance(part, str):
            pieces.append(part)
            continue
        text = part.get("text")
        if isinstance(text, str):
            pieces.append(text)
        href = part.get("href")
        if isinstance(href, str) and href:
            links.append(href)
        elif part.get("type") == "link" and isinstance(text, str) and text:
            links.append(text)
    return "".join(pieces), links


def _message_document(chat: dict[str, Any], message: Any) -> ParsedDocument | None:
    if not isinstance(message, dict) or message.get("type", "message") != "message":
        return None
    raw, links = message_text(message)
    text = clean_text(raw).strip()
    if not text:
        return None
    chat_id, message_id = chat.get("id"), message.get("id")
    url = None
    if (
        chat.get("type") in LINKABLE_TYPES
        and isinstance(chat_id, int)
        and isinstance(message_id, int)
    ):
        url = f"https://t.me/c/{chat_id}/{message_id}"
    metadata: dict[str, Any] = {
        "channel": chat.get("name"),
        "channel_id": chat_id,
        "message_id": message_id,
        "date": message.get("date"),
        "url": url,
    }
    for key in ("from", "forwarded_from", "edited"):
        if isinstance(message.get(key), str):
            metadata[key] = message[key]
    if links:
        metadata["links"] = links
    return ParsedDocument(
        text=text,
        format="telegram",
        segments=[Segment(0, None, 0)],
        encoding="utf-8",
        title=first_line_title(text),
        metadata=metadata,
    )
