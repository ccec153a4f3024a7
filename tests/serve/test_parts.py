"""The feed server's parts in-process: the response cache, the token file, the WSGI app."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import time
from pathlib import Path

import attrs
import pytest
from werkzeug.test import Client

import familycentre as fc
from familycentre.serve.app import FeedServer, ResponseCache, _Entry, make_app
from familycentre.serve.tokens import TokenFile, default_tokens_path, hash_token
from familycentre.storage import version_time

EXAMPLE = Path(__file__).parents[2] / "examples" / "sonnenblume.toml"


# --- the response cache --------------------------------------------------------------------


def test_cache_is_bounded_and_least_recently_used_goes_first() -> None:
    cache = ResponseCache(max_bytes=300)
    for name in "abc":
        cache.put(7, name, _Entry(b"x" * 100))
    assert cache.get(7, "a") is not None  # a is now the most recently used
    cache.put(7, "d", _Entry(b"x" * 100))
    assert cache.get(7, "b") is None
    assert {key for key in "acd" if cache.get(7, key) is not None} == set("acd")
    assert cache.size <= 300
    cache.put(7, "huge", _Entry(b"x" * 301))  # larger than the cache: not kept
    assert cache.get(7, "huge") is None
    assert cache.size <= 300


def test_a_newer_version_drops_every_older_entry() -> None:
    cache = ResponseCache()
    cache.put(1, "feed", _Entry(b"old"))
    cache.put(1, "other", _Entry(b"old too"))
    cache.put(2, "feed", _Entry(b"new"))
    assert cache.get(1, "feed") is None
    assert cache.get(1, "other") is None
    entry = cache.get(2, "feed")
    assert entry is not None
    assert entry.body == b"new"
    cache.put(1, "late", _Entry(b"rendered from an older state"))
    assert cache.get(1, "late") is None
    assert len(cache) == 1


def test_gzipped_bodies_count_against_the_bound() -> None:
    cache = ResponseCache(max_bytes=250)
    entry = _Entry(b"x" * 100)
    cache.put(1, "a", entry)
    cache.put(1, "b", _Entry(b"y" * 100))
    cache.add_gzipped(1, "a", entry, b"z" * 100)
    assert cache.size <= 250
    assert len(cache) == 1  # the least recently used made room for a's gzipped body


# --- the token file ------------------------------------------------------------------------


def test_token_file_keeps_hashes_only(tmp_path: Path) -> None:
    tokens = TokenFile(tmp_path / "t" / "tokens.json")
    token = tokens.add("staff")
    text = tokens.path.read_text()
    assert token not in text
    assert hash_token(token) in text
    assert stat.S_IMODE(tokens.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(tokens.path.parent.stat().st_mode) == 0o700
    info = tokens.check(token)
    assert info is not None
    assert info.valid
    assert tokens.check(token + "x") is None
    assert tokens.check("") is None
    assert [item["name"] for item in json.loads(text)["tokens"]] == ["staff"]


def test_revocation_is_seen_by_another_reader(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    server_side, command_side = TokenFile(path), TokenFile(path)
    token = command_side.add("phone")
    info = server_side.check(token)
    assert info is not None
    assert info.valid
    command_side.revoke("phone")
    info = server_side.check(token)
    assert info is not None
    assert not info.valid
    with pytest.raises(fc.NotFound, match="no valid token called 'phone'"):
        command_side.revoke("phone")


def test_a_failed_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens = TokenFile(tmp_path / "tokens.json")
    tokens.add("one")
    before = tokens.path.read_bytes()

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(fc.FamilyCentreError, match="cannot write the token file"):
        tokens.add("two")
    assert tokens.path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["tokens.json"]  # no temporary file left


def test_default_tokens_path_is_beside_the_default_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_tokens_path() == tmp_path / "familycentre" / "tokens.json"


# --- the WSGI application in-process -------------------------------------------------------


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite://{tmp_path / 'fc.db'}"
    with fc.open_store(url) as store:
        store.load(fc.load(EXAMPLE))
    return url


def test_a_repeated_request_is_served_from_the_cache(url: str) -> None:
    server = FeedServer(url)
    client = Client(server)
    first = client.get("/centres/sonnenblume/ical.ics")
    assert first.status_code == 200
    misses = server.cache.misses
    second = client.get("/centres/sonnenblume/ical.ics")
    assert second.data == first.data
    assert server.cache.misses == misses  # no new rendering
    assert server.cache.hits >= 1
    with fc.open_store(url) as store:
        record = store.record(fc.Offer, "fruehstueck")
        store.update(attrs.evolve(record.value, location="Neuer Raum"), revision=record.revision)
    third = client.get("/centres/sonnenblume/ical.ics")
    assert third.headers["ETag"] != first.headers["ETag"]
    assert b"Neuer Raum" in third.data.replace(b"\r\n ", b"")  # unfolded
    assert len(server.cache) == 1  # the old version's entry is gone
    server.close()


def test_a_304_does_not_render(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    server = FeedServer(url)
    client = Client(server)
    etag = client.get("/all/ical.ics").headers["ETag"]
    rendered: list[object] = []
    monkeypatch.setattr(
        "familycentre.serve.app.export", lambda *args, **kwargs: rendered.append(args)
    )
    server.cache = ResponseCache()  # nothing cached: a 200 would have to render
    assert client.get("/all/ical.ics", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/all/ical.ics", headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    assert client.get("/all/ical.ics", headers={"If-None-Match": "*"}).status_code == 304
    assert rendered == []
    server.close()


def test_a_store_that_fails_gives_503(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    server = FeedServer(url)
    client = Client(server)
    assert client.get("/health").status_code == 200

    def broken(self: fc.Store) -> int:
        raise fc.StoreError("the database is gone")

    monkeypatch.setattr(fc.Store, "version", broken)
    health = client.get("/health")
    assert health.status_code == 503
    assert b"the database is gone" in health.data
    feed = client.get("/all/ical.ics")
    assert feed.status_code == 503
    assert feed.headers["Retry-After"] == "10"
    monkeypatch.undo()
    assert client.get("/all/ical.ics").status_code == 200  # a new store handle
    server.close()


def test_make_app_behind_a_proxy_links_the_public_address(url: str, tmp_path: Path) -> None:
    app = make_app(url, tokens_path=tmp_path / "tokens.json", proxies=1)
    page = Client(app).get(
        "/",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "termine.example.org"},
    )
    assert b'href="https://termine.example.org/all/ical.ics"' in page.data
    assert b'href="webcal://termine.example.org/all/ical.ics"' in page.data


def test_the_index_escapes_names(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'fc.db'}"
    data = fc.load(EXAMPLE)
    centre = attrs.evolve(data.centre, name=fc.Text("<script>alert(1)</script> & Co"))
    with fc.open_store(url) as store:
        store.load(attrs.evolve(data, centre=centre))
    page = Client(FeedServer(url)).get("/").data
    assert b"<script>" not in page
    assert b"&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in page


def test_if_modified_since(url: str) -> None:
    with fc.open_store(url) as store:  # a version ahead of the clock has no Last-Modified
        changed = version_time(store.version())
    client = Client(FeedServer(url))
    asked = dt.datetime.now(dt.UTC)
    early = client.get("/all/ical.ics")
    if changed > dt.datetime.now(dt.UTC):  # still ahead after the answer
        assert "Last-Modified" not in early.headers
    elif changed.replace(microsecond=0) <= asked:
        assert "Last-Modified" in early.headers
    time.sleep(max((changed - dt.datetime.now(dt.UTC)).total_seconds() + 0.05, 0))
    first = client.get("/all/ical.ics")
    modified = first.headers["Last-Modified"]
    assert client.get("/all/ical.ics", headers={"If-Modified-Since": modified}).status_code == 304
    earlier = "Mon, 01 Jan 2024 00:00:00 GMT"
    assert client.get("/all/ical.ics", headers={"If-Modified-Since": earlier}).status_code == 200
    future = "Fri, 01 Jan 2100 00:00:00 GMT"  # not a valid date to compare with: ignored
    assert client.get("/all/ical.ics", headers={"If-Modified-Since": future}).status_code == 200
    # If-None-Match wins over If-Modified-Since
    both = {"If-Modified-Since": modified, "If-None-Match": '"another"'}
    assert client.get("/all/ical.ics", headers=both).status_code == 200
    with fc.open_store(url) as store:  # a write right away: a later second all the same
        record = store.record(fc.Offer, "fruehstueck")
        store.update(attrs.evolve(record.value, location="Keller"), revision=record.revision)
    after = client.get("/all/ical.ics", headers={"If-Modified-Since": modified})
    assert after.status_code == 200
    assert after.headers.get("Last-Modified", "") != modified
