#!/usr/bin/python3
"""A real SMTP server on loopback for the outreach tests (Debian's python3-aiosmtpd).

Every accepted message is written whole to <dir>/<n>.eml (renamed into place, so a reader never sees half a file).
Recipients whose local part starts with "avvist" get 550 (permanent); "midlertidig" gets 451 (transient) until the
file <dir>/open exists. With --user/--password the server requires AUTH PLAIN/LOGIN (allowed without TLS on loopback
only when --tls is none). --tls starttls (required before AUTH and MAIL) or implicit (TLS from the first byte) uses
--cert/--key (PEM). Beside each message <dir>/<n>.eml.meta says what the server saw: "tls=1 login=<user>".
Prints "READY <port>" on stdout once it listens.
"""
import argparse, asyncio, itertools, os, signal, sys
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("--dir", required=True)
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--user")
parser.add_argument("--password")
parser.add_argument("--delay-ms", type=int, default=0)
parser.add_argument("--tls", choices=["none", "starttls", "implicit"], default="none")
parser.add_argument("--cert")
parser.add_argument("--key")
args = parser.parse_args()
counter = itertools.count(1)


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("avvist"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        if local.startswith("midlertidig") and not os.path.exists(os.path.join(args.dir, "open")):
            return "451 4.3.0 Temporary lookup failure, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if args.delay_ms:
            await asyncio.sleep(args.delay_ms / 1000)  # a slow server widens the hand-off for the crash test
        n = next(counter)
        final = os.path.join(args.dir, "%06d-%d.eml" % (n, os.getpid()))
        tls = server.transport is not None and server.transport.get_extra_info("ssl_object") is not None
        login = session.auth_data.login.decode() if session.authenticated and isinstance(session.auth_data, LoginPassword) else ""
        with open(final + ".meta", "w") as f:
            f.write("tls=%d login=%s" % (tls, login))
        with open(final + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.replace(final + ".tmp", final)
        return "250 2.0.0 Ok: queued as %d" % n


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
    # handled=False: aiosmtpd answers a refused login with 535 itself (by default it would say nothing and the client hang).
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


kwargs = {}
if args.user:
    # Under STARTTLS AUTH is refused before the upgrade; implicit TLS is TLS from the first byte (aiosmtpd cannot tell).
    kwargs = dict(authenticator=authenticator, auth_required=True, auth_require_tls=args.tls == "starttls")
if args.tls != "none":
    import ssl
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    if args.tls == "starttls":
        kwargs.update(tls_context=context, require_starttls=True)
    else:
        kwargs.update(ssl_context=context)
controller = Controller(Handler(), hostname="127.0.0.1", port=args.port or 0, server_hostname="tomte-test-smtp", **kwargs)
if not args.port:
    import socket
    s = socket.socket(); s.bind(("127.0.0.1", 0)); controller.port = s.getsockname()[1]; s.close()
controller.start()
print("READY %d" % controller.port, flush=True)
signal.signal(signal.SIGTERM, lambda *_: (controller.stop(), sys.exit(0)))
try:
    sys.stdin.read()  # runs until the test closes stdin or kills the process
finally:
    controller.stop()
