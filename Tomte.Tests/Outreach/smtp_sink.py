#!/usr/bin/python3
"""A real SMTP server on loopback for the outreach tests (Debian's python3-aiosmtpd).

Every accepted message is written whole to <dir>/<n>.eml (renamed into place, so a reader never sees half a file).
Recipients whose local part starts with "avvist" get 550 (permanent); "midlertidig" gets 451 (transient) until the
file <dir>/open exists. With --user/--password the server requires AUTH PLAIN/LOGIN (allowed without TLS on loopback).
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
        with open(final + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.replace(final + ".tmp", final)
        return "250 2.0.0 Ok: queued as %d" % n


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
    return AuthResult(success=ok)


kwargs = {}
if args.user:
    kwargs = dict(authenticator=authenticator, auth_required=True, auth_require_tls=False)
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
