"""Sources to items: RSS/Atom feeds, saved HTML pages, .txt files, JSONL, folders, globs and URLs.

Every item gets a stable id (a feed's guid or link, a page's canonical URL, a JSONL "id", else a
hash of its text) so a resumed batch can tell which items are done. A source that cannot be read, an
undecodable file or an empty entry becomes an `Item` carrying `error`: it is reported in the output,
never silently dropped, and never stops the run.

feedparser, trafilatura and defusedxml (the `feeds` extra) are imported only when a feed or an HTML
page is read, so `import arabic_outage` stays light.
"""

from __future__ import annotations

import calendar
import glob
import hashlib
import io
import json
import re
import time
import unicodedata
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .published import parse_published

FEED_SUFFIXES = {".xml", ".rss", ".atom", ".feed"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = FEED_SUFFIXES | HTML_SUFFIXES | TEXT_SUFFIXES | JSONL_SUFFIXES

DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_GLOB_CHARS = re.compile(r"[*?\[]")
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_ENTRY_TAG = re.compile(rb"<(?:[A-Za-z0-9_-]+:)?(?:item|entry)[\s>/]")


@dataclass(frozen=True)
class Item:
    """One article to extract, or the reason it could not be read."""

    id: str
    text: str | None = None
    published: str | None = None
    source: str = ""
    error: str | None = None

    def as_input(self) -> dict[str, Any]:
        """The `{"id", "text", "published"}` dict that `Extractor.safe` takes."""
        return {"id": self.id, "text": self.text, "published": self.published}


class SourceError(Exception):
    """A whole source could not be read (missing file, refused URL, unsafe feed)."""


# ---------------------------------------------------------------- ids, text, encodings


def content_id(text: str | bytes) -> str:
    """A stable id from content: whitespace and Unicode form do not change it."""
    if isinstance(text, str):
        norm = " ".join(unicodedata.normalize("NFC", text).split())
        text = norm.encode("utf-8")
    return "sha256:" + hashlib.sha256(text).hexdigest()[:20]


def decode_utf8(data: bytes) -> tuple[str, list[int]]:
    """The text with U+FFFD for each undecodable sequence, and those sequences' byte offsets."""
    parts: list[str] = []
    bad: list[int] = []
    pos = 0
    while True:
        try:
            parts.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            parts.append(data[pos : pos + exc.start].decode("utf-8"))
            bad.append(pos + exc.start)
            parts.append("\ufffd")
            pos += exc.end
    return "".join(parts), bad


def decode_strict(data: bytes, where: str) -> str:
    """UTF-8 text (a BOM is dropped); undecodable bytes raise naming the first byte offset."""
    text, bad = decode_utf8(data)
    if bad:
        raise ValueError(f"{where}: invalid UTF-8 at byte offset {bad[0]}")
    return text.removeprefix("\ufeff")


def _checked_item(text: str, *, item_id: str | None, published: str | None, source: str) -> Item:
    """An item, or an error item when there is no text to extract from."""
    final_id = item_id or content_id(text)
    if not text.strip():
        return Item(id=final_id, source=source, error=f"{source}: empty text")
    return Item(id=final_id, text=text, published=published, source=source)


# ---------------------------------------------------------------- source expansion


def iter_items(
    sources: Iterable[str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    exclude: Iterable[Path] = (),
) -> Iterator[Item]:
    """Every item of every source, in order: files, folders (recursive), globs and http(s) URLs.

    Files in `exclude` are skipped when a folder or glob finds them (a batch's own output).
    """
    skip = frozenset(p.resolve() for p in exclude)
    for source in sources:
        try:
            yield from _source_items(source, timeout=timeout, max_bytes=max_bytes, skip=skip)
        except SourceError as exc:
            yield Item(id=source, source=source, error=str(exc))


def _source_items(
    source: str, *, timeout: float, max_bytes: int, skip: frozenset[Path]
) -> Iterator[Item]:
    if "://" in source:
        data = fetch_url(source, timeout=timeout, max_bytes=max_bytes)
        yield from items_from_bytes(data, source, hint=Path(urlsplit(source).path).suffix)
        return
    path = Path(source)
    if path.is_dir():
        yield from _files_items(_folder_files(path), skip)
    elif path.exists():
        yield from file_items(path)
    elif _GLOB_CHARS.search(source):
        matches = sorted(Path(p) for p in glob.glob(source, recursive=True))
        if not matches:
            raise SourceError(f"{source}: no files match")
        files = [f for m in matches for f in (_folder_files(m) if m.is_dir() else [m])]
        yield from _files_items(files, skip)
    else:
        raise SourceError(f"{source}: no such file or folder")


def _folder_files(folder: Path) -> list[Path]:
    """Readable article files under a folder; hidden and unknown files are skipped."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in KNOWN_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def _files_items(files: Iterable[Path], skip: frozenset[Path]) -> Iterator[Item]:
    for path in files:
        if path.resolve() in skip:
            continue
        try:
            yield from file_items(path)
        except SourceError as exc:
            yield Item(id=str(path), source=str(path), error=str(exc))


def file_items(path: Path) -> Iterator[Item]:
    """The items of one file, chosen by its suffix (or by sniffing its content)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: unreadable file: {exc.strerror or exc}") from None
    yield from items_from_bytes(data, str(path), hint=path.suffix)


def items_from_bytes(data: bytes, source: str, *, hint: str = "") -> Iterator[Item]:
    """Dispatch raw content to the right reader: by suffix, else by sniffing."""
    kind = _kind(hint.lower(), data)
    try:
        if kind == "feed":
            yield from feed_items(data, source)
        elif kind == "html":
            yield html_item(data, source)
        elif kind == "jsonl":
            yield from jsonl_items(data, source)
        else:
            yield text_item(data, source)
    except SourceError:
        raise
    except Exception as exc:  # Hardening (issue 7): e.g. expat's ValueError on a UTF-16LE feed
        raise SourceError(f"{source}: unreadable {kind}: {type(exc).__name__}: {exc}") from None


def _kind(suffix: str, data: bytes) -> str:
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "text"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if re.search(rb"<(rss|feed|rdf:rdf)[\s>]", head):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


# ---------------------------------------------------------------- URLs


class _SafeRedirect(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s): a feed URL must not redirect to file:// or ftp://."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        check_scheme(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise SourceError(f"{url}: refused URL scheme {scheme!r} (only http and https are fetched)")


def fetch_url(
    url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES
) -> bytes:
    """The body of an http(s) URL, read with a timeout and refused past `max_bytes`."""
    check_scheme(url)
    opener = urllib.request.build_opener(_SafeRedirect())
    request = urllib.request.Request(url, headers={"User-Agent": "arabic-outage/batch"})
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as resp:
            # Hardening (issue 7): `timeout` bounds each socket wait, not the download, so a server
            # dripping a byte at a time held us forever; read1 returns what has arrived, and the
            # whole body must come within `timeout` too.
            body = bytearray()
            while len(body) <= max_bytes:
                chunk = resp.read1(min(1 << 16, max_bytes + 1 - len(body)))
                if not chunk:
                    break
                body += chunk
                if time.monotonic() > deadline:
                    raise SourceError(f"{url}: fetch took longer than {timeout:g} s")
            data = bytes(body)
    except SourceError:
        raise
    except Exception as exc:  # URLError, timeouts, HTTP errors: all mean "could not fetch"
        raise SourceError(f"{url}: fetch failed: {exc}") from None
    if len(data) > max_bytes:
        raise SourceError(f"{url}: response larger than {max_bytes} bytes")
    return data


# ---------------------------------------------------------------- plain text and JSONL


def text_item(data: bytes, source: str) -> Item:
    """A .txt article: the whole file is the text, the id a hash of it."""
    try:
        text = decode_strict(data, source)
    except ValueError as exc:
        return Item(id=content_id(data), source=source, error=str(exc))
    return _checked_item(text, item_id=None, published=None, source=source)


def jsonl_items(data: bytes, source: str) -> Iterator[Item]:
    """One item per non-blank line of {"id", "text", "published"}; a bad line is an error item."""
    offset = 0
    for n, raw in enumerate(data.splitlines(keepends=True), 1):
        where = f"{source}:{n}"
        line_start, offset = offset, offset + len(raw)
        if raw.strip():
            yield _jsonl_item(raw, where, line_start)


def _jsonl_item(raw: bytes, where: str, line_start: int) -> Item:
    text, bad = decode_utf8(raw)
    if bad:
        return Item(
            id=where,
            source=where,
            error=f"{where}: invalid UTF-8 at byte offset {line_start + bad[0]}",
        )
    try:
        obj = json.loads(text)
    except ValueError as exc:
        return Item(id=where, source=where, error=f"{where}: invalid JSON: {exc}")
    if not isinstance(obj, dict):
        return Item(id=where, source=where, error=f"{where}: a line must hold a JSON object")
    item_id = None if obj.get("id") is None else str(obj["id"])
    body = obj.get("text")
    if not isinstance(body, str):
        kind = type(body).__name__
        return Item(
            id=item_id or where, source=where, error=f"{where}: text must be a string, not {kind}"
        )
    published = obj.get("published")
    return _checked_item(
        body, item_id=item_id, published=None if published is None else str(published), source=where
    )


# ---------------------------------------------------------------- HTML pages


def html_to_text(html: str) -> str:
    """Clean text of an HTML page or fragment (trafilatura); markup-free input comes back as is."""
    import trafilatura

    if "<" not in html:
        return html.strip()
    # A bare fragment (a feed's <p>...</p>) is too small for trafilatura's page heuristics.
    page = html if re.search(r"<(html|body)[\s>]", html, re.I) else _wrap(html)
    extracted = trafilatura.extract(page, favor_recall=True, include_comments=False)
    return str(extracted or trafilatura.html2txt(page) or "").strip()


def _wrap(fragment: str) -> str:
    return f"<html><body><article>{fragment}</article></body></html>"


def html_item(data: bytes, source: str) -> Item:
    """A saved article page: its main text and publication date (trafilatura + htmldate)."""
    import trafilatura

    try:
        html = decode_strict(data, source)
    except ValueError as exc:
        return Item(id=content_id(data), source=source, error=str(exc))
    doc = trafilatura.bare_extraction(html, with_metadata=True, favor_recall=True)
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    published = getattr(doc, "date", None) if doc is not None else None
    url = getattr(doc, "url", None) if doc is not None else None
    # A site-wide canonical URL (the home page) would make every saved page the same item.
    article_url = url if url and urlsplit(url).path.strip("/") else None
    return _checked_item(text, item_id=article_url, published=published, source=source)


# ---------------------------------------------------------------- feeds


def feed_items(data: bytes, source: str) -> Iterator[Item]:
    """One item per RSS/Atom entry, parsed without entity expansion or network access."""
    text, bad = _decode_feed(data, source)
    safe = _safe_feed_bytes(text, source)
    parsed = _parse_feed(safe)
    entries = list(parsed.get("entries", []))
    if not entries:
        reason = parsed.get("bozo_exception") or "no entries"
        raise SourceError(f"{source}: malformed feed: {reason}")
    starts = [m.start() for m in _ENTRY_TAG.finditer(data)]
    for n, entry in enumerate(entries):
        where = f"{source}#entry{n + 1}"
        bad_here = _offsets_in_entry(bad, starts, n)
        if bad_here:
            eid = _entry_id(entry) or where
            yield Item(
                id=eid, source=where, error=f"{where}: invalid UTF-8 at byte offset {bad_here[0]}"
            )
            continue
        yield entry_item(entry, where)


def _decode_feed(data: bytes, source: str) -> tuple[str, list[int]]:
    """Feed text by its declared encoding; for UTF-8 also the offsets of undecodable bytes."""
    declared = _XML_ENCODING.match(data)
    encoding = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    if encoding.replace("_", "-") in ("utf-8", "utf8"):
        text, bad = decode_utf8(data)
        return text.removeprefix("\ufeff"), bad
    try:
        return data.decode(encoding, errors="replace"), []
    except LookupError:
        raise SourceError(f"{source}: unknown feed encoding {encoding!r}") from None


def _safe_feed_bytes(text: str, source: str) -> bytes:
    """UTF-8 bytes of a feed that declares no entities: XXE and entity bombs are refused whole."""
    body = _XML_ENCODING.sub(b'<?xml version="1.0" encoding="utf-8"', text.encode("utf-8"), 1)
    if _ENTITY_DECL.search(body):
        raise SourceError(f"{source}: feed refused: it declares XML entities (XXE, entity bomb)")
    _defused_check(body, source)
    return body


def _defused_check(body: bytes, source: str) -> None:
    """defusedxml as a second guard; malformed XML is left to feedparser's lenient parser."""
    import defusedxml
    from defusedxml import ElementTree as DefusedET

    try:
        DefusedET.fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise SourceError(f"{source}: feed refused: {type(exc).__name__}: {exc}") from None
    except DefusedET.ParseError:
        pass


def _parse_feed(body: bytes) -> Any:
    """feedparser on bytes (never a URL or path), relative URIs left alone, HTML sanitised."""
    import feedparser

    return feedparser.parse(
        io.BytesIO(body),
        resolve_relative_uris=False,
        sanitize_html=True,
        response_headers={"content-type": "application/xml; charset=utf-8"},
    )


def _offsets_in_entry(bad: list[int], starts: list[int], n: int) -> list[int]:
    """The bad-byte offsets that fall inside the n-th entry element of the raw feed."""
    if not bad or n >= len(starts):
        return []
    end = starts[n + 1] if n + 1 < len(starts) else float("inf")
    return [b for b in bad if starts[n] <= b < end]


def _entry_id(entry: Any) -> str | None:
    for key in ("id", "link"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def entry_item(entry: Any, where: str) -> Item:
    """A feed entry: headline plus full content (else summary) as clean text; its date."""
    try:
        title = str(entry.get("title") or "").strip()
        body = html_to_text(_entry_html(entry))
        text = body if not title or body.startswith(title) else f"{title}\n\n{body}".strip()
        published = entry_published(entry)
    except Exception as exc:  # a malformed entry is one error line, not a stopped feed
        return Item(
            id=_entry_id(entry) or where,
            source=where,
            error=f"{where}: malformed feed entry: {type(exc).__name__}: {exc}",
        )
    if not body.strip():
        return Item(
            id=_entry_id(entry) or content_id(title or where),
            source=where,
            error=f"{where}: empty text (entry has no content or summary)",
        )
    return _checked_item(text, item_id=_entry_id(entry), published=published, source=where)


def _entry_html(entry: Any) -> str:
    contents = entry.get("content") or []
    values = [str(c.get("value") or "") for c in contents if isinstance(c, dict)]
    full = "\n".join(v for v in values if v.strip())
    return full or str(entry.get("summary") or "")


def entry_published(entry: Any) -> str | None:
    """The entry's date as ISO, keeping the feed's own UTC offset (it decides "today")."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if isinstance(raw, str) and raw.strip():
            parsed = _parse_feed_date(raw.strip())
            if parsed is not None:
                return parsed.isoformat()
    for key in ("published_parsed", "updated_parsed"):
        st = entry.get(key)
        if st:
            return datetime.fromtimestamp(calendar.timegm(st), tz=timezone.utc).isoformat()
    return None


def _parse_feed_date(raw: str) -> datetime | None:
    try:
        return parsedate_to_datetime(raw)  # RSS: RFC 822
    except (TypeError, ValueError, IndexError):
        pass
    try:  # Atom's RFC 3339, or a date as the site prints it ("الخميس 30 أكتوبر 2025")
        return parse_published(raw)
    except ValueError:
        return None
