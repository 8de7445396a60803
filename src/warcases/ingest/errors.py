"""The one error a reader raises: a file that cannot become a document."""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot become a document.

    ``str(e)`` is a one-line reason a user can act on, e.g. ``'PDF is encrypted (password
    protected); decrypt it first'``, ``'not a DOCX: the file is not a zip archive'`` or
    ``'looks binary (37% control bytes), not text'``.
    """

    def __init__(self, reason: str) -> None:
        # One line, always: the pipeline prints it next to the file name.
        super().__init__(" ".join(str(reason).split()) or "unreadable file")
