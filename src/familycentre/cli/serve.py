"""The ``serve`` and ``tokens`` commands: the feed server and its access tokens."""

from __future__ import annotations

import argparse
import ipaddress
import signal
import sys
from pathlib import Path

from familycentre.cli.common import EXIT_OK, add_store_argument
from familycentre.errors import FamilyCentreError
from familycentre.hookspecs import CommandAdder

__all__ = ["add_commands", "is_loopback"]


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address only this machine reaches (``127.0.0.1``, ``::1``).

    ``localhost`` counts; any other name, and ``0.0.0.0`` / ``::`` (every
    interface), do not.
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _tokens_path(args: argparse.Namespace) -> Path:
    from familycentre.serve.tokens import default_tokens_path

    return Path(args.tokens) if args.tokens else default_tokens_path()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _cmd_serve(args: argparse.Namespace) -> int:
    if not is_loopback(args.host) and not args.public:
        raise FamilyCentreError(
            f"--host {args.host} can be reached from other machines; to publish the feeds "
            "there, add --public (internal feeds still need a token)"
        )
    if not 0 <= args.port <= 65535:
        raise FamilyCentreError(f"--port {args.port}: give a port from 1 to 65535 (0: any free)")
    try:
        import waitress
        import werkzeug  # noqa: F401 - checked here for a clear message
    except ImportError as exc:
        raise FamilyCentreError(
            f"familycentre serve needs the 'serve' extra ({exc.name} is missing): "
            "pip install 'familycentre[serve]'"
        ) from None
    from familycentre.serve.app import FeedServer, make_app
    from familycentre.storage import default_store_url

    url = args.store or default_store_url()
    app = make_app(url, tokens_path=_tokens_path(args), max_age=args.max_age, proxies=args.proxies)
    server = waitress.create_server(
        app,
        host=args.host,
        port=args.port,
        threads=args.threads,
        ident="familycentre",
        clear_untrusted_proxy_headers=not args.proxies,  # ProxyFix reads them otherwise
    )
    port = getattr(server, "effective_port", args.port)
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"familycentre: serving http://{host}:{port}/ ({args.threads} threads)", file=sys.stderr)
    sys.stderr.flush()
    signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop: end cleanly
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        feed_server = getattr(app, "app", app)
        if isinstance(feed_server, FeedServer):
            feed_server.close()
    return EXIT_OK


def _cmd_tokens(args: argparse.Namespace) -> int:
    from familycentre.serve.tokens import TokenFile

    tokens = TokenFile(_tokens_path(args))
    if args.action == "add":
        if not args.name:
            args.parser.error("tokens add needs a NAME")
        token = tokens.add(args.name)
        print(token)
        print(
            f"familycentre: token {args.name!r} added to {tokens.path}; it is shown only "
            "now: give it to its holder (Authorization: Bearer TOKEN or ?token=TOKEN)",
            file=sys.stderr,
        )
    elif args.action == "revoke":
        if not args.name:
            args.parser.error("tokens revoke needs a NAME")
        info = tokens.revoke(args.name)
        print(f"familycentre: token {info.name!r} revoked", file=sys.stderr)
    else:
        if args.name:
            args.parser.error("tokens list takes no NAME")
        for info in tokens.tokens():
            state = "valid" if info.valid else f"revoked {info.revoked:%Y-%m-%d %H:%M}"
            print(f"{info.name:24} created {info.created:%Y-%m-%d %H:%M}  {state}")
    return EXIT_OK


def _add_tokens_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tokens",
        metavar="FILE",
        help="the token file (default: tokens.json beside the default store, "
        "~/.local/share/familycentre/tokens.json)",
    )


def _port(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must not be negative")
    return value


def _at_least_one(text: str) -> int:
    value = _positive(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def add_commands(commands: CommandAdder) -> None:
    """Add ``serve`` and ``tokens``."""
    serve = commands.add_parser(
        "serve",
        help="serve the store's feeds over HTTP (webcal subscriptions, partner lists)",
        description="Serve every export of a store over HTTP: the programme as a calendar "
        "families subscribe to (webcal://), the partner list for staff (with a token), "
        "and every exporter a plugin adds, per centre and for the whole network. "
        "Responses carry ETag and Last-Modified from the store's change version, so "
        "clients get '304 Not Modified' until something changes. Needs the 'serve' "
        "extra (pip install 'familycentre[serve]').",
    )
    add_store_argument(serve, "serve the store at URL")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    serve.add_argument(
        "--port", type=_port, default=8000, help="port to listen on (default: 8000; 0: any free)"
    )
    serve.add_argument(
        "--public",
        action="store_true",
        help="allow a --host other machines can reach (the feeds become public)",
    )
    _add_tokens_argument(serve)
    serve.add_argument(
        "--threads", type=_at_least_one, default=8, help="worker threads (default: 8)"
    )
    serve.add_argument(
        "--max-age",
        type=_positive,
        default=300,
        metavar="SECONDS",
        help="how long clients may reuse a feed without asking (default: 300)",
    )
    serve.add_argument(
        "--proxies",
        type=_positive,
        default=0,
        metavar="N",
        help="trust the X-Forwarded-* headers of N reverse proxies in front (default: 0)",
    )
    serve.set_defaults(handler=_cmd_serve, parser=serve)

    tokens = commands.add_parser(
        "tokens",
        help="make, list and revoke tokens for internal feeds",
        description="Tokens let staff subscribe to internal feeds (the partner list with "
        "contact persons' direct numbers). 'add NAME' prints a new token once; the token "
        "file keeps only its hash. 'revoke NAME' refuses it from the next request on.",
    )
    tokens.add_argument("action", choices=("add", "list", "revoke"), help="what to do")
    tokens.add_argument("name", nargs="?", metavar="NAME", help="the token's name (add, revoke)")
    _add_tokens_argument(tokens)
    tokens.set_defaults(handler=_cmd_tokens, parser=tokens)
