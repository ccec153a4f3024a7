"""The feed server over a PostgreSQL store: ETags follow the store's change version."""

from __future__ import annotations

import threading
from pathlib import Path

import attrs
from werkzeug.test import Client

import familycentre as fc
from familycentre.cli import main
from familycentre.serve.app import FeedServer
from familycentre.storage import Store

EXAMPLE = Path(__file__).parents[3] / "examples" / "sonnenblume.toml"
FEED = "/centres/sonnenblume/ical.ics"


def test_feed_etag_follows_writes(pg_store: Store, pg_url: str, tmp_path: Path) -> None:
    pg_store.load(fc.load(EXAMPLE))
    server = FeedServer(pg_url)
    try:
        client = Client(server)
        first = client.get(FEED)
        assert first.status_code == 200
        etag = first.headers["ETag"]
        assert first.headers["X-Familycentre-Version"] == str(pg_store.version())
        assert client.get(FEED, headers={"If-None-Match": etag}).status_code == 304
        out = tmp_path / "programme.ics"
        assert (
            main(
                [
                    "export",
                    "ical",
                    "--store",
                    pg_url,
                    "--centre",
                    "sonnenblume",
                    "-o",
                    str(out),
                    "-q",
                ]
            )
            == 0
        )
        assert first.data == out.read_bytes()

        record = pg_store.record(fc.Offer, "fruehstueck")
        pg_store.update(attrs.evolve(record.value, location="Saal"), revision=record.revision)
        after = client.get(FEED, headers={"If-None-Match": etag})
        assert after.status_code == 200
        assert after.headers["ETag"] != etag
        assert after.headers["X-Familycentre-Version"] == str(pg_store.version())
        assert b"LOCATION;LANGUAGE=de:Saal\\," in after.data.replace(b"\r\n ", b"")  # unfolded
    finally:
        server.close()


def test_threads_have_their_own_connections(pg_store: Store, pg_url: str) -> None:
    pg_store.load(fc.load(EXAMPLE))
    server = FeedServer(pg_url)
    replies: list[tuple[int, str]] = []
    try:
        client = Client(server)

        def fetch() -> None:
            for _ in range(5):
                reply = client.get(FEED)
                replies.append((reply.status_code, reply.headers["ETag"]))

        threads = [threading.Thread(target=fetch) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(replies) == 20
        assert {status for status, _ in replies} == {200}
        assert len({etag for _, etag in replies}) == 1
        backends = {id(store.backend) for store in server._stores}
        assert len(backends) >= 2
    finally:
        server.close()
