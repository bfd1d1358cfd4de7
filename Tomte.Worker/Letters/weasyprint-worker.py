# Tomte's long-lived WeasyPrint renderer: started once per parallel slot by WeasyPrintProcess.cs, it turns HTML into
# PDF for as many letters as it is given, so the ~2 s of starting Python and importing WeasyPrint is paid once, not
# per letter. Protocol on stdin/stdout, big-endian:
#   request:  u32 length, UTF-8 HTML
#   answer:   b"K", u32 pages, u32 length, PDF bytes   |   b"E", u32 0, u32 length, UTF-8 error text
# b"R" is written once when the imports are done. Only data: URLs are fetched: a letter never reaches the network.
import struct
import sys

out = sys.stdout.buffer
sys.stdout = sys.stderr  # anything printed by a library must not corrupt the protocol

import logging
logging.getLogger("weasyprint").setLevel(logging.ERROR)

from weasyprint import HTML, default_url_fetcher
from weasyprint.text.fonts import FontConfiguration

fonts = FontConfiguration()


def data_urls_only(url):
    if not url.startswith("data:"):
        raise ValueError("only data: URLs may be used in a letter, not " + url[:80])
    return default_url_fetcher(url)


def read_exact(stream, n):
    chunks = []
    while n > 0:
        chunk = stream.read(n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def answer(kind, pages, payload):
    out.write(kind + struct.pack(">II", pages, len(payload)) + payload)
    out.flush()


out.write(b"R")
out.flush()
source = sys.stdin.buffer
while True:
    header = read_exact(source, 4)
    if header is None:
        break
    html = read_exact(source, struct.unpack(">I", header)[0])
    if html is None:
        break
    try:
        document = HTML(string=html.decode("utf-8"), url_fetcher=data_urls_only).render(font_config=fonts)
        answer(b"K", len(document.pages), document.write_pdf())
    except Exception as error:  # reported to the caller with the letter it belongs to
        answer(b"E", 0, (type(error).__name__ + ": " + str(error)).encode("utf-8"))
