"""The feed server: a WSGI application that serves a store's exports over HTTP.

Routes (``FEED`` is an exporter's name and suffix, ``ical.ics``, ``vcard.vcf``, and
one for every exporter a plugin registers):

``/``
    An index page that links every feed, with ``webcal://`` links for calendars.
``/health``
    ``200`` with the store's change version while the store answers, else ``503``.
``/all/FEED``
    The whole network's export.
``/centres/ID/FEED``
    One centre's export.

Query parameters: ``lang``, ``from`` and ``to`` (dates), ``category`` and ``audience``
(repeatable), and the exporter's own options by name (``?recurrence=expand``), the
same selections as ``familycentre export``; a feed is byte for byte what the command
writes with the same options. Internal feeds also need a token (``Authorization:
Bearer ...`` or ``?token=...``; see :mod:`familycentre.serve.tokens`).

Every response is rendered inside one read transaction of the store, so it shows one
committed state; its ``ETag`` is derived from that state's change version
(:meth:`~familycentre.storage.Store.version`) and the request, and its
``Last-Modified`` is the time of that version. A request whose ``If-None-Match``
names the current ``ETag`` gets ``304`` without any rendering; rendered responses are
kept in a bounded in-memory cache until the store changes.

The application needs Werkzeug (the ``serve`` extra); ``familycentre serve`` runs it
with waitress, and any WSGI server can run :func:`make_app`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import hashlib
import html
import io
import json
import re
import threading
import urllib.parse
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
from werkzeug.datastructures import ETags
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.exceptions import NotFound as RouteNotFound
from werkzeug.http import HTTP_STATUS_CODES, http_date, quote_etag
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from familycentre.errors import FamilyCentreError, InvalidData, StoreError
from familycentre.export import Exporter, ExportOptions, Visibility, export, exporters
from familycentre.export.parts import PartCache
from familycentre.model.centre import Centre
from familycentre.plugins import PluginManager, get_plugin_manager
from familycentre.serve.tokens import TokenFile
from familycentre.storage import Store, open_store, scheme_of, version_time
from familycentre.taxonomy import Audience, Category

__all__ = ["FeedServer", "ResponseCache", "make_app"]

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""The id rule of centres (and every record): lowercase letters and digits, single dashes."""

_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")
_SELECTIONS = ("lang", "from", "to", "category", "audience")
_GZIP_MIN = 512
_CATEGORIES = [category.value for category in Category]
_AUDIENCES = [audience.value for audience in Audience]
VERSION_HEADER = "X-Familycentre-Version"
"""The response header naming the store's change version the body was rendered from."""


class _Problem(Exception):
    """A request the server refuses, with its status and a plain explanation."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@attrs.define
class _Entry:
    body: bytes
    gzipped: bytes | None = None


class ResponseCache:
    """Rendered responses by ``(store version, request key)``, bounded in bytes.

    Thread-safe. When a response of a newer store version is stored, every entry of
    an older version is dropped: after a write, nothing rendered before it is served.

    :param max_bytes: The most bytes of bodies kept (plain and gzipped together).
    """

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[int, str], _Entry] = OrderedDict()
        self._size = 0
        self._newest = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        """The bytes of bodies the cache holds now."""
        return self._size

    def get(self, version: int, key: str) -> _Entry | None:
        """The entry of ``key`` rendered at ``version``, or ``None``."""
        with self._lock:
            entry = self._entries.get((version, key))
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end((version, key))
            self.hits += 1
            return entry

    def put(self, version: int, key: str, entry: _Entry) -> None:
        """Keep ``entry``; drop older versions' entries and the least recently used."""
        cost = len(entry.body) + len(entry.gzipped or b"")
        with self._lock:
            if version > self._newest:
                self._newest = version
                for old in [k for k in self._entries if k[0] != version]:
                    self._drop(old)
            if version < self._newest or cost > self.max_bytes:
                return  # rendered from an older state than what is now known: not kept
            if (version, key) in self._entries:
                self._drop((version, key))
            self._entries[(version, key)] = entry
            self._size += cost
            while self._size > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def add_gzipped(self, version: int, key: str, entry: _Entry, gzipped: bytes) -> None:
        """Keep the gzipped body of a cached entry beside its plain one."""
        with self._lock:
            if entry.gzipped is None and self._entries.get((version, key)) is entry:
                entry.gzipped = gzipped
                self._size += len(gzipped)
                while self._size > self.max_bytes:
                    self._drop(next(iter(self._entries)))

    def _drop(self, key: tuple[int, str]) -> None:
        entry = self._entries.pop(key)
        self._size -= len(entry.body) + len(entry.gzipped or b"")


@attrs.frozen
class _Reply:
    """A response from prepared header fields: a feed, a 304, a cached body.

    A WSGI application like Werkzeug's ``Response``, without its header processing
    (the fields are complete and checked here). ``HEAD`` gets the fields alone.
    """

    status: int
    fields: list[tuple[str, str]]
    body: bytes

    @property
    def headers(self) -> dict[str, str]:
        """The header fields by name (for inspection)."""
        return dict(self.fields)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        fields = list(self.fields)
        if self.status != 304:
            fields.append(("Content-Length", str(len(self.body))))
        start_response(f"{self.status} {HTTP_STATUS_CODES[self.status]}", fields)
        if environ.get("REQUEST_METHOD") == "HEAD" or self.status == 304:
            return []
        wrapper = environ.get("wsgi.file_wrapper")
        if wrapper is not None and len(self.body) > 4096:
            # the server's own path for files (waitress queues it without copying)
            wrapped: Iterable[bytes] = wrapper(io.BytesIO(self.body), 65536)
            return wrapped
        return [self.body]


@attrs.frozen
class _Feed:
    """What a feed request asks for, checked."""

    exporter: Exporter
    centre: str | None
    options: ExportOptions
    key: str


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    body = f"{status} {HTTP_STATUS_CODES.get(status, '')}: {message}\n"
    response = Response(body, status=status, content_type="text/plain; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


class FeedServer:
    """The WSGI application of ``familycentre serve`` (see the module documentation).

    Each server thread opens its own store handle on first use (a store belongs to one
    thread); :meth:`close` closes them all.

    :param store_url: The store to serve; one that several connections share
        (SQLite, PostgreSQL), not ``memory:``.
    :param tokens: The token file for internal feeds; ``None`` serves public feeds only.
    :param max_age: Seconds clients and proxies may reuse a response without asking
        (``Cache-Control: max-age``).
    :param cache_bytes: The size of the cache of rendered responses.
    :param plugin_manager: Where exporters and storage backends come from.
    """

    def __init__(
        self,
        store_url: str,
        *,
        tokens: TokenFile | None = None,
        max_age: int = 300,
        cache_bytes: int = 64 * 1024 * 1024,
        plugin_manager: PluginManager | None = None,
    ) -> None:
        if scheme_of(store_url) == "memory":
            raise StoreError(
                "memory: stores cannot be served: each server thread would see its own empty "
                "store; serve an SQLite file or a PostgreSQL store"
            )
        self.store_url = store_url
        self.tokens = tokens
        self.max_age = max_age
        self.cache = ResponseCache(cache_bytes)
        self.parts = PartCache(cache_bytes)
        """Rendered parts of incremental exporters (iCal): after a change, only the
        changed offers are rendered again for the next request."""
        self._manager = plugin_manager or get_plugin_manager()
        self.exporters: dict[str, Exporter] = dict(sorted(exporters(self._manager).items()))
        self._feeds = {
            name + exporter.suffix: exporter for name, exporter in self.exporters.items()
        }
        self._local = threading.local()
        self._parsed: dict[tuple[str, bytes, dt.date], _Feed] = {}
        self._routes: dict[tuple[str, str, str], tuple[str, Mapping[str, Any]]] = {}
        self._stores: list[Store] = []
        self._stores_lock = threading.Lock()
        self._map = Map(
            [
                Rule("/", endpoint="index", methods=["GET"]),
                Rule("/health", endpoint="health", methods=["GET"]),
                Rule("/all/<feed>", endpoint="network", methods=["GET"]),
                Rule("/centres/<centre>/<feed>", endpoint="centre", methods=["GET"]),
            ],
            strict_slashes=False,
            merge_slashes=False,
        )
        self.store()  # a store that cannot be opened fails here, not on the first request
        self.close()  # no connection outlives this thread (a pre-forking server forks now)
        self._local.store = None

    # --- stores ------------------------------------------------------------------------------

    def store(self) -> Store:
        """The calling thread's store handle, opened on first use (and again after it closed)."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None or store.closed:
            store = open_store(self.store_url, plugin_manager=self._manager)
            self._local.store = store
            with self._stores_lock:
                self._stores.append(store)
        return store

    def _discard_store(self) -> None:
        """Close the calling thread's store after a failure; the next use opens a new one."""
        store: Store | None = getattr(self._local, "store", None)
        self._local.store = None
        if store is not None:
            with self._stores_lock:
                if store in self._stores:
                    self._stores.remove(store)
            with contextlib.suppress(Exception):
                store.close()

    def close(self) -> None:
        """Close every thread's store handle, at the end of serving.

        A handle that another thread opened may refuse to be closed from this one
        (SQLite's do); the end of the process closes it.
        """
        with self._stores_lock:
            stores, self._stores = self._stores, []
        for store in stores:
            with contextlib.suppress(Exception):
                store.close()

    # --- WSGI --------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """Answer one WSGI request."""
        request = Request(environ)
        response = self.respond(request)
        result: Iterable[bytes] = response(environ, start_response)
        return result

    def _match(self, request: Request) -> tuple[str, Mapping[str, Any]]:
        """The endpoint and values of the request's route (remembered per path)."""
        environ = request.environ
        memo = (request.method, environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", ""))
        found = self._routes.get(memo)
        if found is None:
            endpoint, values = self._map.bind_to_environ(environ).match()
            found = (str(endpoint), values)
            if len(self._routes) >= 4096:
                self._routes.clear()
            self._routes[memo] = found
        return found

    def respond(self, request: Request) -> Response | _Reply:
        """The response to ``request``."""
        try:
            endpoint, values = self._match(request)
        except MethodNotAllowed as exc:
            allowed = ", ".join(sorted(exc.valid_methods or ("GET", "HEAD")))
            return _text(
                405, f"{request.method} is not allowed here; use {allowed}", {"Allow": allowed}
            )
        except RouteNotFound:
            return _text(404, f"nothing at {request.path}; the index at / lists every feed")
        except HTTPException as exc:  # a redirect or another routing answer
            return exc.get_response(request.environ)
        try:
            if endpoint == "health":
                return self._health()
            if endpoint == "index":
                return self._index(request)
            return self._feed(request, values.get("centre"), values["feed"])
        except _Problem as problem:
            return _text(problem.status, problem.message, problem.headers)
        except StoreError as exc:
            self._discard_store()
            return _text(503, f"the store cannot be read now: {exc}", {"Retry-After": "10"})

    # --- health ------------------------------------------------------------------------------

    def _health(self) -> Response:
        try:
            store = self.store()
            with store.reading():
                version = store.version()
        except FamilyCentreError as exc:
            self._discard_store()
            body: dict[str, Any] = {"status": "unavailable", "error": str(exc)}
            response = Response(_json(body), status=503, content_type="application/json")
        else:
            body = {
                "status": "ok",
                "store": scheme_of(self.store_url),
                "version": version,
                "changed": version_time(version).isoformat(timespec="seconds"),
            }
            response = Response(_json(body), content_type="application/json")
        response.headers["Cache-Control"] = "no-store"
        return response

    # --- tokens ------------------------------------------------------------------------------

    def _token(self, request: Request) -> str | None:
        header = request.headers.get("Authorization", "")
        scheme, _, value = header.partition(" ")
        if header and scheme.lower() == "bearer" and value.strip():
            return value.strip()
        tokens = request.args.getlist("token")
        if len(tokens) > 1:
            raise _Problem(400, "give one token, not several")
        return tokens[0] if tokens else None

    def _authorised(self, request: Request, *, required: bool) -> bool:
        """Whether the request carries a valid token; 401/403 when ``required`` and not."""
        token = self._token(request)
        if token is None:
            if required:
                raise _Problem(
                    401,
                    "this feed is internal: send a token (Authorization: Bearer TOKEN, or "
                    "?token=TOKEN); tokens are made with 'familycentre tokens add NAME'",
                    {"WWW-Authenticate": 'Bearer realm="familycentre"'},
                )
            return False
        info = None if self.tokens is None else self.tokens.check(token)
        if info is None or not info.valid:
            raise _Problem(
                403,
                "the token is unknown or revoked",
                {"WWW-Authenticate": 'Bearer realm="familycentre", error="invalid_token"'},
            )
        return True

    # --- feeds -------------------------------------------------------------------------------

    def _parse(self, request: Request, centre: str | None, feed: str) -> _Feed:
        exporter = self._feeds.get(feed)
        if exporter is None:
            known = ", ".join(sorted(self._feeds))
            raise _Problem(404, f"no feed called {feed!r} (feeds: {known})")
        if centre is not None and not SLUG.fullmatch(centre):
            raise _Problem(
                404,
                f"{centre!r} is not a centre id (ids are lowercase letters, digits and "
                "single dashes)",
            )
        args = request.args
        option_names = {option.name for option in exporter.options}
        for name in args:
            if name not in _SELECTIONS and name not in option_names and name != "token":
                allowed = ", ".join([*_SELECTIONS, *sorted(option_names)])
                raise _Problem(400, f"unknown parameter {name!r} (allowed: {allowed})")
        for name in ("lang", "from", "to", *option_names):
            if len(args.getlist(name)) > 1:
                raise _Problem(400, f"the parameter {name!r} is given more than once")
        language = args.get("lang", "de")
        if not _LANGUAGE.fullmatch(language):
            raise _Problem(400, f"lang={language!r} is not a language code like de or en")
        start, end = _date(args.get("from"), "from"), _date(args.get("to"), "to")
        if (start is None) != (end is None):
            raise _Problem(400, "give both from= and to=, or neither")
        if start is not None and end is not None and end < start:
            raise _Problem(400, f"to={end} lies before from={start}")
        categories = _choices(args.getlist("category"), "category", _CATEGORIES)
        audiences = _choices(args.getlist("audience"), "audience", _AUDIENCES)
        extra: dict[str, Any] = {}
        try:
            for name in sorted(option_names & set(args)):
                extra[name] = exporter.option(name).parse(args[name])
        except InvalidData as exc:
            raise _Problem(400, str(exc).replace("\n", "; ")) from None
        options = ExportOptions(
            centres=() if centre is None else (centre,),
            categories=categories,
            audiences=audiences,
            start=start,
            end=end,
            language=language,
            extra=extra,
            parts=self.parts if exporter.incremental else None,
        )
        # What the body depends on besides the store: the route, the selections and
        # today's date (an export without from/to covers a window around today).
        parts = [
            request.path,
            f"lang={language}",
            f"from={start}",
            f"to={end}",
            "category=" + ",".join(categories),
            "audience=" + ",".join(audiences),
            *(f"{name}={extra[name]!r}" for name in sorted(extra)),
            f"today={dt.date.today().isoformat()}",
        ]
        return _Feed(exporter, centre, options, "\n".join(parts))

    def _feed(self, request: Request, centre: str | None, feed: str) -> _Reply:
        # A parsed request depends only on its path, query and the day: kept for reuse.
        memo = (request.path, request.query_string, dt.date.today())
        parsed = self._parsed.get(memo)
        if parsed is None:
            parsed = self._parse(request, centre, feed)
            if len(self._parsed) >= 4096:
                self._parsed.clear()
            self._parsed[memo] = parsed
        internal = parsed.exporter.visibility is not Visibility.PUBLIC
        if internal:
            self._authorised(request, required=True)
        suffix = parsed.exporter.suffix_for(parsed.options)
        filename = f"{centre or 'all'}-{parsed.exporter.name}{suffix}"

        def render(store: Store) -> bytes:
            if parsed.centre is not None and not store.exists(Centre, parsed.centre):
                raise _Problem(404, f"there is no centre {parsed.centre!r}")
            stream = io.BytesIO()
            try:
                export(store, parsed.exporter, stream, parsed.options)
            except InvalidData as exc:
                raise _Problem(400, str(exc).replace("\n", "; ")) from None
            except StoreError:
                raise
            except FamilyCentreError as exc:
                raise _Problem(400, str(exc)) from None
            return stream.getvalue()

        return self._conditional(
            request,
            parsed.key,
            render,
            media_type=parsed.exporter.media_type_for(parsed.options),
            private=internal,
            extra=[
                ("Content-Disposition", f'inline; filename="{filename}"'),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )

    # --- HTTP caching ------------------------------------------------------------------------

    def _conditional(
        self,
        request: Request,
        key: str,
        render: Any,
        *,
        media_type: str,
        private: bool,
        extra: list[tuple[str, str]],
    ) -> _Reply:
        """Answer from the store version: 304, a cached body, or a body rendered now.

        The version alone (one committed state, read by one statement) decides a 304
        and finds a cached body; a body rendered now is rendered in one read
        transaction, with the version read in it.
        """
        store = self.store()
        version = store.version()
        gzip_wanted = request.accept_encodings["gzip"] > 0 or (
            request.accept_encodings["x-gzip"] > 0
        )
        tag, modified, headers = self._validators(version, key, private)
        if self._not_modified(request, tag, modified):
            etag = quote_etag(f"{tag}-gz" if gzip_wanted else tag)
            return _Reply(304, [("ETag", etag), *headers.items(), *extra], b"")
        entry = self.cache.get(version, key)
        if entry is None:
            with store.reading():
                rendered = store.version()  # the state read now, maybe newer
                if rendered != version:
                    version = rendered
                    tag, modified, headers = self._validators(version, key, private)
                entry = self.cache.get(version, key)
                if entry is None:
                    entry = _Entry(render(store))
                    self.cache.put(version, key, entry)
        content_type = media_type
        if media_type.startswith("text/") and "charset" not in media_type:
            content_type += "; charset=utf-8"
        body = entry.body
        fields = [("Content-Type", content_type), *headers.items(), *extra]
        if gzip_wanted and len(body) >= _GZIP_MIN:
            gzipped = entry.gzipped
            if gzipped is None:
                gzipped = gzip.compress(body, compresslevel=6, mtime=0)
                self.cache.add_gzipped(version, key, entry, gzipped)
            fields += [("Content-Encoding", "gzip"), ("ETag", quote_etag(f"{tag}-gz"))]
            return _Reply(200, fields, gzipped)
        return _Reply(200, [*fields, ("ETag", quote_etag(tag))], body)

    def _validators(
        self, version: int, key: str, private: bool
    ) -> tuple[str, dt.datetime | None, dict[str, str]]:
        """The ETag, the Last-Modified time (``None``: ahead of the clock) and headers."""
        tag = hashlib.sha256(f"{version}\n{key}".encode()).hexdigest()[:32]
        headers = {
            "Cache-Control": f"{'private' if private else 'public'}, max-age={self.max_age}",
            "Vary": "Accept-Encoding, Authorization" if private else "Accept-Encoding",
            VERSION_HEADER: str(version),
        }
        modified: dt.datetime | None = version_time(version).replace(microsecond=0)
        if modified is not None and modified <= dt.datetime.now(dt.UTC):
            headers["Last-Modified"] = http_date(modified)
        else:  # a version ahead of the clock (many writes in a second) has none
            modified = None
        return tag, modified, headers

    @staticmethod
    def _not_modified(request: Request, tag: str, modified: dt.datetime | None) -> bool:
        if "If-None-Match" in request.headers:
            wanted: ETags = request.if_none_match
            return (
                wanted.star_tag or wanted.contains_weak(tag) or wanted.contains_weak(f"{tag}-gz")
            )
        since = request.if_modified_since
        # a date in the future is no valid If-Modified-Since (RFC 9110, 13.1.3): ignored
        return (
            since is not None
            and modified is not None
            and modified <= since <= dt.datetime.now(dt.UTC)
        )

    # --- the index -----------------------------------------------------------------------------

    def _index(self, request: Request) -> _Reply:
        for name in request.args:
            if name != "token":
                raise _Problem(400, f"unknown parameter {name!r} (the index takes token= only)")
        token = self._token(request)
        authorised = token is not None and self._authorised(request, required=False)
        shown = [
            exporter
            for exporter in self.exporters.values()
            if exporter.visibility is Visibility.PUBLIC or authorised
        ]
        base = request.host_url.rstrip("/")
        script = request.script_root
        names = [exporter.name for exporter in shown]
        key = "\n".join(["index", base, script, f"authorised={authorised}", *names])
        if authorised:
            key += "\n" + hashlib.sha256((token or "").encode()).hexdigest()

        def render(store: Store) -> bytes:
            centres = store.records(Centre)
            return _index_page(base + script, centres, shown, token if authorised else None)

        return self._conditional(
            request,
            key,
            render,
            media_type="text/html",
            private=authorised,
            extra=[("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer")],
        )


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False) + "\n"


def _date(text: str | None, name: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _Problem(400, f"{name}={text!r} is not a date like 2026-09-01") from None


def _choices(values: list[str], name: str, allowed: list[str]) -> tuple[str, ...]:
    for value in values:
        if value not in allowed:
            raise _Problem(400, f"{name}={value!r} is not one of {', '.join(allowed)}")
    return tuple(sorted(set(values)))


def _index_page(base: str, centres: list[Any], shown: list[Exporter], token: str | None) -> bytes:
    webcal_base = re.sub(r"^https?://", "webcal://", base)

    def links(path: str, exporter: Exporter) -> str:
        query = ""
        if token is not None and exporter.visibility is not Visibility.PUBLIC:
            query = "?" + urllib.parse.urlencode({"token": token})
        url = f"{base}{path}{query}"
        parts = [f'<a href="{html.escape(url)}">{html.escape(exporter.title)}</a>']
        if exporter.media_type.startswith("text/calendar"):
            webcal = f"{webcal_base}{path}{query}"
            parts.append(f'(<a href="{html.escape(webcal)}">subscribe: webcal</a>)')
        return " ".join(parts)

    rows = [
        f"<li>{links(f'/all/{exporter.name}{exporter.suffix}', exporter)}</li>"
        for exporter in shown
    ]
    sections = []
    for record in centres:
        centre = record.value
        items = "".join(
            f"<li>{links(f'/centres/{centre.id}/{exporter.name}{exporter.suffix}', exporter)}</li>"
            for exporter in shown
        )
        name = html.escape(centre.name.get())
        sections.append(f'<section><h2 id="{centre.id}">{name}</h2><ul>{items}</ul></section>')
    note = (
        "<p>Internal feeds are listed because a valid token was given.</p>"
        if token is not None
        else "<p>Public feeds only; internal feeds need a token.</p>"
    )
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Family centre feeds</title></head><body>"
        "<h1>Family centre feeds</h1>"
        f"{note}<section><h2>The whole network</h2><ul>{''.join(rows)}</ul></section>"
        f"{''.join(sections)}</body></html>\n"
    )
    return page.encode("utf-8")


def make_app(
    store_url: str,
    *,
    tokens_path: str | Path | None = None,
    max_age: int = 300,
    proxies: int = 0,
) -> Any:
    """The WSGI application for ``store_url`` (for gunicorn, uwsgi, mod_wsgi ...).

    :param tokens_path: The token file for internal feeds (``None``: public feeds only).
    :param max_age: ``Cache-Control: max-age`` in seconds.
    :param proxies: How many reverse proxies stand in front: their
        ``X-Forwarded-For/-Proto/-Host/-Prefix`` headers are trusted (Werkzeug's
        ``ProxyFix``), so that the index links to the public address. 0 trusts none.
    """
    server = FeedServer(
        store_url,
        tokens=None if tokens_path is None else TokenFile(tokens_path),
        max_age=max_age,
    )
    if not proxies:
        return server
    from werkzeug.middleware.proxy_fix import ProxyFix

    return ProxyFix(server, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies)
