"""Loading one source for ``extract``: a file, a Stone folder or an http(s) URL -> ``Document``.

Kept apart from format detection (``factory.extract.detect``) so that detection never reaches
the network module: this module sits above both.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from factory.errors import ExtractionError
from factory.extract.detect import MAX_DOCUMENT_BYTES, make_document, too_big
from factory.extract.stone import read_stone_folder
from factory.media_types import MEDIA_TYPES
from factory.models import Document
from factory.research.fetch import FetchRequest, FetchSettings, fetch_documents, is_url


def load_source(source: str, *, source_url: str | None = None) -> Document:
    """Read ``source`` (a file, a Stone folder or an http(s) URL) into a ``Document``.

    Args:
        source: a file path, a folder of ``.stone`` files, or an http(s) URL.
        source_url: the official URL the file was taken from (recorded on the records).

    Raises:
        ExtractionError: a missing, unreadable or over-size file or folder.
        FetchError: a URL that cannot be fetched.
    """
    if is_url(source):
        return _fetch(source)
    path = Path(source)
    if path.is_dir():
        doc = read_stone_folder(path)
        if source_url:
            return make_document(doc.body, source_url, media_type=doc.media_type)
        return doc
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise ExtractionError(source, too_big(size))
        body = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(source, f"cannot read file: {exc.strerror or exc}") from exc
    media = MEDIA_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or ""
    url = source_url or path.resolve().as_uri()
    return make_document(body, url, media_type=media, final_url=url)


def _fetch(url: str) -> Document:
    # Only factory.research.fetch touches the network: a URL given on the command line is trusted,
    # and is cut at the extraction size cap rather than the research default.
    outcome = fetch_documents(
        [FetchRequest(url, trusted=True)], settings=FetchSettings(max_bytes=MAX_DOCUMENT_BYTES)
    )
    if outcome.errors:
        raise outcome.errors[0]
    return outcome.documents[0]
