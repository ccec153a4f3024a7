"""`familycentre serve` over a real socket: routes, caching headers, tokens, refusals."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import re
import signal
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import attrs
import icalendar
import pytest
import vobject

import familycentre as fc
from familycentre.export import exporters
from familycentre.storage import version_time
from familycentre.testing.builders import make_centre_data, make_referral
from tests.serve.server import Server

EXAMPLE = Path(__file__).parents[2] / "examples" / "sonnenblume.toml"


def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "familycentre", *args], capture_output=True, text=True, timeout=60
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@attrs.frozen
class Setup:
    url: str
    tokens: Path
    token: str
    revoked: str
    server: Server


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    folder = tmp_path_factory.mktemp("serve")
    url = f"sqlite://{folder / 'fc.db'}"
    with fc.open_store(url) as store:
        store.load(fc.load(EXAMPLE))
        store.load(make_centre_data("ohja-nord", offers=2, partners=1, tag="n"))
        # a version ahead of the clock gets no Last-Modified: let the clock pass it
        ahead = version_time(store.version()) - dt.datetime.now(dt.UTC)
    time.sleep(max(ahead.total_seconds() + 0.05, 0))
    tokens = folder / "tokens.json"
    token = run("tokens", "add", "buero", "--tokens", str(tokens)).stdout.strip()
    revoked = run("tokens", "add", "alt", "--tokens", str(tokens)).stdout.strip()
    run("tokens", "revoke", "alt", "--tokens", str(tokens))
    server = Server(url, tokens)
    try:
        yield Setup(url, tokens, token, revoked, server)
    finally:
        server.stop()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- routes --------------------------------------------------------------------------------


def test_index_links_public_feeds_with_webcal(setup: Setup) -> None:
    reply = setup.server.request("/")
    assert reply.status == 200
    assert reply.header("content-type") == "text/html; charset=utf-8"
    page = reply.text
    port = setup.server.port
    for path in ("/all/ical.ics", "/centres/sonnenblume/ical.ics", "/centres/ohja-nord/ical.ics"):
        assert f'href="http://127.0.0.1:{port}{path}"' in page
        assert f'href="webcal://127.0.0.1:{port}{path}"' in page
    assert "vcard.vcf" not in page  # internal: not without a token
    with_token = setup.server.request("/", headers=bearer(setup.token))
    assert with_token.status == 200
    assert "/centres/sonnenblume/vcard.vcf?token=" in with_token.text
    assert with_token.header("cache-control").startswith("private")
    assert setup.server.request(f"/?token={setup.revoked}").status == 403


def test_health(setup: Setup) -> None:
    reply = setup.server.request("/health")
    assert reply.status == 200
    assert reply.header("content-type") == "application/json"
    assert reply.header("cache-control") == "no-store"
    assert b'"status": "ok"' in reply.body
    with fc.open_store(setup.url) as store:
        assert f'"version": {store.version()}'.encode() in reply.body


@pytest.mark.parametrize("scope", ["/all", "/centres/sonnenblume", "/centres/ohja-nord"])
def test_every_exporter_is_served(setup: Setup, scope: str) -> None:
    found = exporters()
    assert {"ical", "vcard"} <= set(found)
    for name, exporter in found.items():
        reply = setup.server.request(
            f"{scope}/{name}{exporter.suffix}", headers=bearer(setup.token)
        )
        assert reply.status == 200, (name, reply.body[:200])
        content_type = reply.header("content-type") or ""
        assert content_type.split(";")[0] == exporter.media_type
        if exporter.media_type.startswith("text/"):
            assert content_type.endswith("; charset=utf-8")
        assert reply.body
    ics = setup.server.request(f"{scope}/ical.ics").body
    assert icalendar.Calendar.from_ical(ics).walk("VEVENT")
    vcf = setup.server.request(f"{scope}/vcard.vcf", headers=bearer(setup.token)).body
    assert list(vobject.readComponents(vcf.decode("utf-8")))


def test_hsds_tabular_is_served_as_a_zip(setup: Setup) -> None:
    reply = setup.server.request("/centres/sonnenblume/hsds.json?layout=tabular")
    assert reply.status == 200, reply.body[:200]
    assert reply.header("content-type") == "application/zip"
    assert 'filename="sonnenblume-hsds.zip"' in (reply.header("content-disposition") or "")
    with zipfile.ZipFile(io.BytesIO(reply.body)) as archive:
        package = json.loads(archive.read("datapackage.json"))
        assert {"organizations.csv", "services.csv"} <= set(archive.namelist())
    assert {resource["path"] for resource in package["resources"]} <= set(archive.namelist())
    nested = setup.server.request("/centres/sonnenblume/hsds.json")
    assert nested.header("content-type") == "application/json"
    assert json.loads(nested.body)[0]["id"]


def test_centre_feed_holds_only_that_centre(setup: Setup) -> None:
    ohja = icalendar.Calendar.from_ical(setup.server.request("/centres/ohja-nord/ical.ics").body)
    everything = icalendar.Calendar.from_ical(setup.server.request("/all/ical.ics").body)
    ohja_uids = {str(event["UID"]) for event in ohja.walk("VEVENT")}
    all_uids = {str(event["UID"]) for event in everything.walk("VEVENT")}
    assert ohja_uids
    assert ohja_uids < all_uids


@pytest.mark.parametrize(
    ("path", "cli"),
    [
        ("/centres/sonnenblume/ical.ics", ["--centre", "sonnenblume"]),
        ("/all/ical.ics", []),
        (
            "/all/ical.ics?lang=en&from=2026-09-01&to=2027-03-31&recurrence=expand",
            [
                "--lang",
                "en",
                "--from",
                "2026-09-01",
                "--to",
                "2027-03-31",
                "-O",
                "recurrence=expand",
            ],
        ),
        (
            "/centres/sonnenblume/ical.ics?category=breakfast&audience=families",
            ["--centre", "sonnenblume", "--category", "breakfast", "--audience", "families"],
        ),
    ],
)
def test_served_ics_equals_the_export_command(
    setup: Setup, tmp_path: Path, path: str, cli: list[str]
) -> None:
    out = tmp_path / "programme.ics"
    run("export", "ical", "--store", setup.url, "-o", str(out), "-q", *cli)
    reply = setup.server.request(path)
    assert reply.status == 200
    assert reply.body == out.read_bytes()


def test_served_vcf_equals_the_export_command(setup: Setup, tmp_path: Path) -> None:
    out = tmp_path / "partners.vcf"
    run("export", "vcard", "--store", setup.url, "-o", str(out), "-q", "-O", "version=3.0")
    reply = setup.server.request("/all/vcard.vcf?version=3.0", headers=bearer(setup.token))
    assert reply.body == out.read_bytes()


# --- HTTP caching --------------------------------------------------------------------------


def test_repeated_request_gets_304(setup: Setup) -> None:
    first = setup.server.request("/centres/sonnenblume/ical.ics")
    etag = first.header("etag")
    modified = first.header("last-modified")
    assert first.status == 200
    assert etag
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert modified
    assert first.header("cache-control") == "public, max-age=300"
    again = setup.server.request("/centres/sonnenblume/ical.ics", headers={"If-None-Match": etag})
    assert (again.status, again.body, again.header("etag")) == (304, b"", etag)
    since = setup.server.request(
        "/centres/sonnenblume/ical.ics", headers={"If-Modified-Since": modified}
    )
    assert since.status == 304
    other = setup.server.request(
        "/centres/sonnenblume/ical.ics", headers={"If-None-Match": '"0123456789abcdef"'}
    )
    assert other.status == 200
    assert other.body == first.body
    # the same ETag of another request (another language) does not match
    english = setup.server.request(
        "/centres/sonnenblume/ical.ics?lang=en", headers={"If-None-Match": etag}
    )
    assert english.status == 200
    assert english.header("etag") != etag


def test_head_has_the_headers_without_the_body(setup: Setup) -> None:
    get = setup.server.request("/all/ical.ics")
    head = setup.server.request("/all/ical.ics", method="HEAD")
    assert (head.status, head.body) == (200, b"")
    for name in ("etag", "content-type", "content-length", "last-modified", "cache-control"):
        assert head.header(name) == get.header(name)


def test_gzip_when_asked(setup: Setup) -> None:
    plain = setup.server.request("/all/ical.ics")
    packed = setup.server.request("/all/ical.ics", headers={"Accept-Encoding": "gzip"})
    assert packed.header("content-encoding") == "gzip"
    assert plain.header("content-encoding") is None
    assert gzip.decompress(packed.body) == plain.body
    assert len(packed.body) < len(plain.body)
    assert packed.header("etag") != plain.header("etag")  # another representation
    assert "Accept-Encoding" in (packed.header("vary") or "")
    again = setup.server.request(
        "/all/ical.ics",
        headers={"Accept-Encoding": "gzip", "If-None-Match": packed.header("etag") or ""},
    )
    assert again.status == 304
    refused = setup.server.request("/all/ical.ics", headers={"Accept-Encoding": "gzip;q=0"})
    assert refused.header("content-encoding") is None


def test_a_write_gives_a_new_etag(setup: Setup) -> None:
    path = "/centres/ohja-nord/ical.ics"
    before = setup.server.request(path)
    etag = before.header("etag") or ""
    assert setup.server.request(path, headers={"If-None-Match": etag}).status == 304
    with fc.open_store(setup.url) as store:  # another process writes
        record = store.record(fc.Offer, "ohja-nord-offer-1")
        store.update(attrs.evolve(record.value, location="Raum 7 neu"), revision=record.revision)
        version = store.version()
    after = setup.server.request(path, headers={"If-None-Match": etag})
    assert after.status == 200
    assert after.header("etag") != etag
    assert after.header("x-familycentre-version") == str(version)
    assert b"Raum 7 neu" in after.body
    assert b"Raum 7 neu" not in before.body
    latest = setup.server.request(path, headers={"If-None-Match": after.header("etag") or ""})
    assert latest.status == 304


# --- internal feeds and tokens -------------------------------------------------------------


def test_internal_feed_needs_a_valid_token(setup: Setup) -> None:
    path = "/centres/sonnenblume/vcard.vcf"
    missing = setup.server.request(path)
    assert missing.status == 401
    assert (missing.header("www-authenticate") or "").startswith("Bearer")
    assert b"token" in missing.body
    assert setup.server.request(path, headers=bearer(setup.revoked)).status == 403
    assert setup.server.request(path, headers=bearer("fct_not-a-token")).status == 403
    assert setup.server.request(f"{path}?token=fct_wrong").status == 403
    good = setup.server.request(path, headers=bearer(setup.token))
    assert good.status == 200
    assert good.header("cache-control") == "private, max-age=300"
    assert "Authorization" in (good.header("vary") or "")
    assert setup.server.request(f"{path}?token={setup.token}").body == good.body
    # no token: no 304 either (the ETag alone does not open an internal feed)
    etag = good.header("etag") or ""
    assert setup.server.request(path, headers={"If-None-Match": etag}).status == 401


def test_a_revoked_token_is_refused_at_once(setup: Setup) -> None:
    token = run("tokens", "add", "kurz", "--tokens", str(setup.tokens)).stdout.strip()
    path = "/all/vcard.vcf"
    assert setup.server.request(path, headers=bearer(token)).status == 200
    run("tokens", "revoke", "kurz", "--tokens", str(setup.tokens))
    assert setup.server.request(path, headers=bearer(token)).status == 403


def test_public_feeds_never_hold_referral_data(setup: Setup) -> None:
    with fc.open_store(setup.url) as store:
        partner = store.partners()[0]
        referral = make_referral("r-geheim", "sonnenblume", partner.id, family="familie-geheim")
        store.add(attrs.evolve(referral, note="geheim: Schuldnerberatung"))
    for path in ("/all/ical.ics", "/centres/sonnenblume/ical.ics", "/"):
        body = setup.server.request(path).body
        assert b"geheim" not in body


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/centres/niemand/ical.ics",  # a valid id, no such centre
        "/centres/NOPE/ical.ics",
        "/centres/a_b/ical.ics",
        "/centres/a--b/ical.ics",
        "/centres/-a/ical.ics",
        "/centres/sonnenblume/odt.odt",
        "/centres/sonnenblume/ical.vcf",
        "/all/programme.ics",
        "/nothing",
    ],
)
def test_unknown_and_malformed_are_404(setup: Setup, path: str) -> None:
    reply = setup.server.request(path)
    assert reply.status == 404
    assert reply.header("content-type") == "text/plain; charset=utf-8"
    assert reply.text.startswith("404 Not Found: ")


@pytest.mark.parametrize(
    "path",
    [
        "/centres/../../../../etc/passwd",
        "/centres/%2e%2e/%2e%2e/etc/passwd",
        "/centres/..%2f..%2f..%2fetc%2fpasswd/ical.ics",
        "/centres/sonnenblume/..%2f..%2f..%2fetc%2fpasswd",
        "/all/..%2f..%2fetc%2fpasswd",
        "/centres/%2fetc%2fpasswd/ical.ics",
        "/centres/sonnenblume%00/ical.ics",
        "/../../etc/passwd",
        "/centres/..\\..\\windows/ical.ics",
    ],
)
def test_path_traversal_is_refused(setup: Setup, path: str) -> None:
    reply = setup.server.request(path)
    assert reply.status in (400, 404)
    assert b"root:" not in reply.body
    assert b"BEGIN:VCALENDAR" not in reply.body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("lang=../etc", "lang="),
        ("from=2026-13-01&to=2027-01-01", "from="),
        ("from=2026-09-01", "both from= and to="),
        ("from=2026-09-01&to=2026-08-01", "lies before"),
        ("category=bogus", "category="),
        ("audience=bogus", "audience="),
        ("colour=red", "unknown parameter 'colour'"),
        ("recurrence=sometimes", "recurrence"),
        ("lang=de&lang=en", "more than once"),
    ],
)
def test_bad_parameters_are_400(setup: Setup, query: str, message: str) -> None:
    reply = setup.server.request(f"/centres/sonnenblume/ical.ics?{query}")
    assert reply.status == 400
    assert message in reply.text


def test_other_methods_are_405(setup: Setup) -> None:
    for method in ("POST", "PUT", "DELETE"):
        reply = setup.server.request("/all/ical.ics", method=method)
        assert reply.status == 405
        assert reply.header("allow") == "GET, HEAD"
        assert method in reply.text


# --- the command line ----------------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.1", "example.org"])
def test_serve_refuses_a_public_address_without_public(tmp_path: Path, host: str) -> None:
    result = run("serve", "--store", f"sqlite://{tmp_path / 'fc.db'}", "--host", host, check=False)
    assert result.returncode == 1
    assert "--public" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_refuses_a_memory_store() -> None:
    result = run("serve", "--store", "memory:", "--port", "0", check=False)
    assert result.returncode == 1
    assert "memory: stores cannot be served" in result.stderr


def test_tokens_command(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "tokens.json"
    token = run("tokens", "add", "staff-1", "--tokens", str(path)).stdout.strip()
    assert token.startswith("fct_")
    assert len(token) >= 40
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert token not in text
    listed = run("tokens", "list", "--tokens", str(path)).stdout
    assert "staff-1" in listed
    assert "valid" in listed
    again = run("tokens", "add", "staff-1", "--tokens", str(path), check=False)
    assert again.returncode == 1
    assert "already" in again.stderr
    bad = run("tokens", "add", "../x", "--tokens", str(path), check=False)
    assert bad.returncode == 1
    assert "token name" in bad.stderr
    run("tokens", "revoke", "staff-1", "--tokens", str(path))
    assert "revoked" in run("tokens", "list", "--tokens", str(path)).stdout
    missing = run("tokens", "revoke", "staff-1", "--tokens", str(path), check=False)
    assert missing.returncode == 1
    assert "Traceback" not in missing.stderr
    path.write_text("{broken", encoding="utf-8")
    broken = run("tokens", "list", "--tokens", str(path), check=False)
    assert broken.returncode == 1
    assert "not a familycentre token file" in broken.stderr


def test_serve_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'fc.db'}"
    with fc.open_store(url) as store:
        store.load(fc.load(EXAMPLE))
    server = Server(url, tmp_path / "tokens.json")
    assert server.request("/health").status == 200
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(20) == 0
