"""The feed server: a store's programmes, partner lists and other exports over HTTP.

``familycentre serve`` runs :func:`familycentre.serve.app.make_app` (a WSGI
application built on Werkzeug, in the ``serve`` extra) with waitress; tokens for
internal feeds live in :mod:`familycentre.serve.tokens`, which needs no extra. See
the how-to "Serve your network's calendars".
"""

from __future__ import annotations

from familycentre.serve.tokens import TokenFile, TokenInfo, default_tokens_path

__all__ = ["TokenFile", "TokenInfo", "default_tokens_path"]
