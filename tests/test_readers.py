"""Readers: feeds, HTML, txt, JSONL, folders, globs and URLs become items with stable ids; bad input
becomes error items naming the source and the reason; unsafe XML is refused without expansion."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("feedparser")
pytest.importorskip("trafilatura")
pytest.importorskip("defusedxml")

from arabic_outage.readers import (  # noqa: E402
    SourceError,
    content_id,
    decode_utf8,
    fetch_url,
    iter_items,
)

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>أخبار التقنية</title><link>https://news.example/</link>
<item>
  <guid>https://news.example/1</guid>
  <title>عطل يضرب واتساب</title>
  <description>&lt;p&gt;ملخص قصير&lt;/p&gt;</description>
  <content:encoded><![CDATA[<p>تعطل تطبيق واتساب لدى آلاف المستخدمين.</p>
  <script>track()</script><p>وعاد التطبيق للعمل بعد ساعتين.</p>]]></content:encoded>
  <pubDate>Tue, 10 Jun 2025 08:00:00 +0300</pubDate>
</item>
<item>
  <link>https://news.example/2</link>
  <title>توقف إنستغرام</title>
  <description>&lt;p&gt;توقف تطبيق إنستغرام عن العمل مساء أمس.&lt;/p&gt;</description>
</item>
<item>
  <title>خبر بلا رابط</title>
  <description>أطلقت جوجل ميزة جديدة في Gmail</description>
</item>
<item><guid>empty-1</guid><title></title><description></description></item>
<item><guid>bad-utf8</guid><title>x</title><description>BADBYTES here</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:feed</id>
<updated>2026-01-13T12:00:00Z</updated>
<entry><id>urn:entry:1</id><title>عطل منصة إكس</title>
<updated>2026-01-13T12:00:00Z</updated><published>2026-01-13T10:00:00+02:00</published>
<content type="html">&lt;p&gt;تعطلت منصة إكس صباح اليوم الثلاثاء.&lt;/p&gt;</content></entry>
</feed>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title>
<item><guid>1</guid><title>&xxe;</title><description>&xxe;</description></item>
</channel></rss>
"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>t</title>
<item><guid>1</guid><title>&lol9;</title><description>&lol9;</description></item>
</channel></rss>
"""

PAGE = """<!DOCTYPE html><html lang="ar"><head><title>عطل واتساب</title>
<meta property="article:published_time" content="2025-06-10T08:00:00+03:00">
<link rel="canonical" href="https://news.example/whatsapp-down"></head>
<body><nav>الرئيسية | رياضة | تقنية</nav>
<article><h1>عطل واتساب</h1>
<p>تعطل تطبيق واتساب لدى آلاف المستخدمين حول العالم صباح اليوم الثلاثاء، وفق موقع داون ديتيكتور.</p>
<p>وعاد التطبيق للعمل بعد نحو ساعتين من بدء العطل، دون أن تكشف الشركة عن السبب.</p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>
"""


def _feed_bytes() -> bytes:
    return RSS.encode("utf-8").replace(b"BADBYTES", b"\xff\xfe")


def test_rss_items_text_ids_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "news.xml"
    path.write_bytes(_feed_bytes())
    items = list(iter_items([str(path)]))
    assert len(items) == 5
    first, second, third, empty, bad = items
    # Full content wins over the summary; the headline leads; scripts are dropped.
    assert first.id == "https://news.example/1"
    assert first.text == "عطل يضرب واتساب\n\nتعطل تطبيق واتساب لدى آلاف المستخدمين.\n" + (
        "وعاد التطبيق للعمل بعد ساعتين."
    )
    assert "track()" not in (first.text or "")
    assert first.published == "2025-06-10T08:00:00+03:00"  # the feed's own offset is kept
    assert second.id == "https://news.example/2" and second.published is None
    assert "توقف تطبيق إنستغرام" in (second.text or "")
    # No guid, no link: a content hash, the same on every read.
    assert third.id == content_id(third.text or "") and third.id.startswith("sha256:")
    assert third.id == list(iter_items([str(path)]))[2].id
    assert empty.id == "empty-1" and empty.error is not None and "empty text" in empty.error
    assert bad.id == "bad-utf8" and bad.text is None
    offset = _feed_bytes().index(b"\xff")
    assert bad.error == f"{path}#entry5: invalid UTF-8 at byte offset {offset}"
    assert all(i.error is None for i in (first, second, third))


def test_a_date_printed_in_arabic_in_the_feed_is_read(tmp_path: Path) -> None:
    feed = RSS.replace(
        "<pubDate>Tue, 10 Jun 2025 08:00:00 +0300</pubDate>",
        "<pubDate>الثلاثاء، 10 يونيو 2025 - 08:15 ص</pubDate>",
    ).replace("BADBYTES", "x")
    path = tmp_path / "news.xml"
    path.write_text(feed, encoding="utf-8")
    first = next(iter(iter_items([str(path)])))
    assert first.published == "2025-06-10T08:15:00"


def test_atom_feed_is_sniffed_without_suffix(tmp_path: Path) -> None:
    path = tmp_path / "feed"
    path.write_text(ATOM, encoding="utf-8")
    (item,) = iter_items([str(path)])
    assert item.id == "urn:entry:1"
    assert item.published == "2026-01-13T10:00:00+02:00"
    assert item.text == "عطل منصة إكس\n\nتعطلت منصة إكس صباح اليوم الثلاثاء."


@pytest.mark.parametrize("payload", [XXE, BILLION_LAUGHS], ids=["xxe", "billion-laughs"])
def test_unsafe_feeds_are_refused_without_expansion(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "evil.xml"
    path.write_bytes(payload)
    items = list(iter_items([str(path)]))
    assert len(items) == 1
    (item,) = items
    assert item.id == str(path) and item.text is None
    assert item.error is not None and "feed refused" in item.error and "entities" in item.error


def test_defusedxml_guard_rejects_entities_on_its_own() -> None:
    # The regex pre-check is the first guard; defusedxml is the second, tested directly here.
    from arabic_outage.readers import _defused_check

    with pytest.raises(SourceError, match="EntitiesForbidden"):
        _defused_check(BILLION_LAUGHS, "evil.xml")
    with pytest.raises(SourceError, match="Forbidden"):
        _defused_check(XXE, "evil.xml")


def test_malformed_feed_without_entries_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("<rss><channel><title>t</title>", encoding="utf-8")
    (item,) = iter_items([str(path)])
    assert item.error is not None and item.error.startswith(f"{path}: malformed feed")


def test_html_page_main_text_and_date(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    (item,) = iter_items([str(path)])
    assert item.id == "https://news.example/whatsapp-down"
    assert item.published == "2025-06-10"
    assert item.text is not None and "تعطل تطبيق واتساب لدى آلاف المستخدمين" in item.text
    assert "الرئيسية | رياضة" not in item.text and "جميع الحقوق" not in item.text


def test_txt_files_hash_ids_encoding_and_empty(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("انقطعت خدمات الإنترنت لمدة 3 ساعات", encoding="utf-8")
    bom = tmp_path / "b.txt"
    bom.write_bytes("\ufeffنص مع علامة ترتيب البايتات".encode())
    bad = tmp_path / "c.txt"
    bad.write_bytes("نص صحيح ".encode() + b"\xc3\x28" + b" tail")
    empty = tmp_path / "d.txt"
    empty.write_text("  \n\t", encoding="utf-8")
    a, b, c, d = iter_items([str(good), str(bom), str(bad), str(empty)])
    assert a.id == content_id("انقطعت خدمات الإنترنت لمدة 3 ساعات") and a.error is None
    assert b.text == "نص مع علامة ترتيب البايتات"
    assert c.error == f"{bad}: invalid UTF-8 at byte offset {len('نص صحيح '.encode())}"
    assert d.error == f"{empty}: empty text"


def test_jsonl_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [
        b'{"id": "x1", "text": "\xd8\xaa\xd8\xb9\xd8\xb7\xd9\x84", "published": "2025-01-02"}',
        b"",
        b"{not json",
        b'{"text": "no id here"}',
        b'{"id": 7, "text": 5}',
        b'{"id": "bad", "text": "\xff"}',
        b'["a list"]',
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = list(iter_items([str(path)]))
    assert [i.id for i in items] == [
        "x1",
        f"{path}:3",
        content_id("no id here"),
        "7",
        f"{path}:6",
        f"{path}:7",
    ]
    assert items[0].text == "تعطل" and items[0].published == "2025-01-02"
    assert items[1].error is not None and "invalid JSON" in items[1].error
    assert items[3].error == f"{path}:5: text must be a string, not int"
    bad_offset = b"\n".join(lines[:5]).__len__() + 1 + lines[5].index(b"\xff")
    assert items[4].error == f"{path}:6: invalid UTF-8 at byte offset {bad_offset}"
    assert items[5].error == f"{path}:7: a line must hold a JSON object"


def test_folders_and_globs_mix_kinds(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("نص أول", encoding="utf-8")
    (tmp_path / "sub" / "b.jsonl").write_text('{"id": "j1", "text": "نص"}\n', encoding="utf-8")
    (tmp_path / "sub" / "feed.xml").write_text(ATOM, encoding="utf-8")
    (tmp_path / "sub" / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text("secret", encoding="utf-8")
    folder_ids = [i.id for i in iter_items([str(tmp_path)])]
    assert folder_ids == [
        content_id("نص أول"),
        "j1",
        "urn:entry:1",
        "https://news.example/whatsapp-down",
    ]
    glob_ids = [i.id for i in iter_items([str(tmp_path / "**" / "*.x*")])]
    assert glob_ids == ["urn:entry:1"]


def test_missing_sources_are_error_items(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    nomatch = str(tmp_path / "*.rss")
    a, b = iter_items([missing, nomatch])
    assert a.id == missing and a.error == f"{missing}: no such file or folder"
    assert b.id == nomatch and b.error == f"{nomatch}: no files match"


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0)
    try:
        if path.stat().st_mode and _can_read(path):
            pytest.skip("running as a user that ignores file permissions")
        (item,) = iter_items([str(path)])
        assert item.error is not None and "unreadable file" in item.error
    finally:
        path.chmod(0o644)


def _can_read(path: Path) -> bool:
    try:
        path.read_bytes()
    except OSError:
        return False
    return True


def test_decode_utf8_reports_every_bad_offset() -> None:
    text, bad = decode_utf8(b"ab\xffcd\xc3(e")
    assert text == "ab\ufffdcd\ufffd(e"
    assert bad == [2, 5]


def test_url_scheme_is_checked() -> None:
    for url in ("file:///etc/passwd", "ftp://example.com/feed.xml"):
        (item,) = iter_items([url])
        assert item.error is not None and "refused URL scheme" in item.error


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "feed.xml").write_text(ATOM, encoding="utf-8")
    (tmp_path / "big.txt").write_bytes(b"a" * 5000)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/redirect":
                self.send_response(302)
                self.send_header("Location", "ftp://127.0.0.1/feed.xml")
                self.end_headers()
                return
            super().do_GET()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_url_feed_size_cap_and_redirect(server: str) -> None:
    (item,) = iter_items([f"{server}/feed.xml"])
    assert item.id == "urn:entry:1" and item.error is None
    with pytest.raises(SourceError, match="larger than 100 bytes"):
        fetch_url(f"{server}/big.txt", max_bytes=100)
    assert fetch_url(f"{server}/big.txt", max_bytes=5000) == b"a" * 5000
    (redirected,) = iter_items([f"{server}/redirect"])
    assert redirected.error is not None and "refused URL scheme 'ftp'" in redirected.error
    (missing,) = iter_items([f"{server}/missing.xml"])
    assert missing.error is not None and "fetch failed" in missing.error


def test_home_page_canonical_url_is_not_an_article_id(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(PAGE.replace("https://news.example/whatsapp-down", "https://news.example/"))
    (item,) = iter_items([str(path)])
    assert item.error is None and item.text is not None
    assert item.id == content_id(item.text)
