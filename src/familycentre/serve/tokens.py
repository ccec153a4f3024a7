"""Access tokens for the internal feeds of ``familycentre serve``.

Internal feeds (the partner list with contact persons' direct numbers, and any
exporter marked :attr:`~familycentre.export.Visibility.INTERNAL`) are served only to
requests that carry a token. A token is 32 random bytes, shown once when it is made
(``familycentre tokens add NAME``); the token file keeps only its SHA-256 hash, its
name and when it was made and revoked. Checking a token hashes it and compares the
hash with every stored one in constant time (:func:`hmac.compare_digest`), so neither
the file nor the time a check takes gives a token away. A token of 256 random bits
needs no slow password hash: nobody can guess it, and its hash cannot be reversed.

The file is JSON, readable by its owner only (``0600``), and replaced atomically.
Its default place is beside the default store, ``$XDG_DATA_HOME/familycentre/tokens.json``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import Any

import attrs

from familycentre.errors import ConflictError, FamilyCentreError, NotFound
from familycentre.storage import default_store_path

__all__ = [
    "TOKEN_PREFIX",
    "TokenFile",
    "TokenInfo",
    "default_tokens_path",
    "hash_token",
]

TOKEN_PREFIX = "fct_"
"""The start of every token, so that one is recognised in a log or a leaked file."""

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_HASH = re.compile(r"sha256:[0-9a-f]{64}")


def default_tokens_path() -> Path:
    """The default token file: ``tokens.json`` beside the default store's database file."""
    return default_store_path().parent / "tokens.json"


def hash_token(token: str) -> str:
    """The stored form of a token: ``sha256:`` and the hex digest of its UTF-8 bytes."""
    return "sha256:" + hashlib.sha256(token.encode("utf-8")).hexdigest()


@attrs.frozen
class TokenInfo:
    """A token as the token file keeps it (never the token itself).

    :param name: Who or what holds it (``buero-sonnenblume``); unique among the tokens.
    :param hash: :func:`hash_token` of the token.
    :param created: When it was made (UTC).
    :param revoked: When it was revoked (UTC), or ``None`` while it is valid.
    """

    name: str
    hash: str
    created: dt.datetime
    revoked: dt.datetime | None = None

    @property
    def valid(self) -> bool:
        """Whether the token is accepted (not revoked)."""
        return self.revoked is None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class TokenFile:
    """The token file at ``path``: add, list, revoke and check tokens.

    Reading a missing file gives no tokens. Every change rewrites the whole file
    atomically, readable by its owner only.

    :param path: The token file (see :func:`default_tokens_path`).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._stamp: tuple[int, int, int] | None = None
        self._tokens: list[TokenInfo] = []

    # --- reading ---------------------------------------------------------------------------

    def _file_stamp(self) -> tuple[int, int, int] | None:
        try:
            info = self.path.stat()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise FamilyCentreError(f"{self.path}: cannot read the token file: {exc}") from None
        return (info.st_mtime_ns, info.st_size, info.st_ino)

    def tokens(self) -> list[TokenInfo]:
        """Every token of the file, valid and revoked, in the order they were made.

        The file is read again only when it changed (size, time or inode), so a
        server sees a revocation on its next request.

        :raises FamilyCentreError: when the file cannot be read or is not a token file.
        """
        stamp = self._file_stamp()
        if stamp is None:
            self._stamp, self._tokens = None, []
            return []
        if stamp != self._stamp:
            self._tokens = self._read()
            self._stamp = stamp
        return list(self._tokens)

    def _read(self) -> list[TokenInfo]:
        try:
            plain = json.loads(self.path.read_text(encoding="utf-8"))
            found = []
            for item in plain["tokens"]:
                revoked = item.get("revoked")
                info = TokenInfo(
                    name=str(item["name"]),
                    hash=str(item["hash"]),
                    created=dt.datetime.fromisoformat(item["created"]),
                    revoked=None if revoked is None else dt.datetime.fromisoformat(revoked),
                )
                if not _HASH.fullmatch(info.hash):
                    raise ValueError(f"the token {info.name!r} has no valid hash")
                found.append(info)
        except OSError as exc:
            raise FamilyCentreError(f"{self.path}: cannot read the token file: {exc}") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise FamilyCentreError(
                f"{self.path}: not a familycentre token file ({exc}); fix or remove it"
            ) from None
        return found

    # --- checking --------------------------------------------------------------------------

    def check(self, token: str) -> TokenInfo | None:
        """The token file's entry of ``token`` (valid or revoked), or ``None`` when unknown.

        The hash of ``token`` is compared with every stored hash in constant time.
        """
        wanted = hash_token(token).encode("ascii")
        found = None
        for info in self.tokens():
            if hmac.compare_digest(wanted, info.hash.encode("ascii")):
                found = info
        return found

    # --- changing --------------------------------------------------------------------------

    def add(self, name: str) -> str:
        """Make a new token called ``name``; return the token (shown only this once).

        :raises ConflictError: when a token of that name exists (revoked ones too:
            names stay unique so that the list stays readable).
        :raises FamilyCentreError: when the name is not 1-64 letters, digits, ``.``,
            ``_`` or ``-`` (starting with a letter or digit).
        """
        if not _NAME.fullmatch(name):
            raise FamilyCentreError(
                f"token name {name!r}: use 1-64 letters, digits, '.', '_' or '-', "
                "starting with a letter or digit"
            )
        tokens = self.tokens()
        if any(info.name == name for info in tokens):
            raise ConflictError(f"{self.path}: there already is a token called {name!r}")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        tokens.append(TokenInfo(name, hash_token(token), _now()))
        self._write(tokens)
        return token

    def revoke(self, name: str) -> TokenInfo:
        """Revoke the token called ``name``: from now on it is refused (403).

        :raises NotFound: when there is no valid token of that name.
        """
        tokens = self.tokens()
        for index, info in enumerate(tokens):
            if info.name == name and info.valid:
                tokens[index] = attrs.evolve(info, revoked=_now())
                self._write(tokens)
                return tokens[index]
        names = ", ".join(info.name for info in tokens if info.valid) or "none"
        raise NotFound(f"{self.path}: no valid token called {name!r} (valid: {names})")

    def _write(self, tokens: list[TokenInfo]) -> None:
        plain: dict[str, Any] = {
            "tokens": [
                {
                    "name": info.name,
                    "hash": info.hash,
                    "created": info.created.isoformat(),
                    "revoked": None if info.revoked is None else info.revoked.isoformat(),
                }
                for info in tokens
            ]
        }
        data = (json.dumps(plain, indent=1) + "\n").encode("utf-8")
        directory = self.path.parent
        try:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(  # created 0600
                prefix=f".{self.path.name}.", suffix=".tmp", dir=directory
            )
        except OSError as exc:
            raise FamilyCentreError(f"{self.path}: cannot write the token file: {exc}") from None
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, self.path)
        except BaseException as exc:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            if isinstance(exc, OSError):
                raise FamilyCentreError(
                    f"{self.path}: cannot write the token file: {exc}"
                ) from None
            raise
        self._stamp = None
