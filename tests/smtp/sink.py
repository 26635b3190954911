#!/usr/bin/env python3
"""A real SMTP server for the black-box tests, built on aiosmtpd.

Usage: sink.py OUTFILE [REFUSE_FIRST]

Listens on 127.0.0.1 on a free port and prints that port, alone on the first
line of standard output. Every message that reaches DATA is appended to
OUTFILE as one JSON line:
    {"accepted": true, "mail_from": "...", "rcpt_tos": ["..."], "data": "..."}
where "data" is the message exactly as received (headers and encoded body).
The first REFUSE_FIRST messages (default 0) are refused with a temporary
error, "451 4.3.0 Try again later", and recorded with "accepted": false, so
a test can watch the sender retry. Runs until it is killed.
"""
import asyncio
import json
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, path, refuse_first):
        self.path = path
        self.refuse_left = refuse_first

    async def handle_DATA(self, server, session, envelope):
        accepted = self.refuse_left <= 0
        if not accepted:
            self.refuse_left -= 1
        record = {
            "accepted": accepted,
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "data": envelope.original_content.decode("utf-8", "replace"),
        }
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        return "250 2.0.0 OK" if accepted else "451 4.3.0 Try again later"


async def main():
    path = sys.argv[1]
    refuse_first = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    sink = Sink(path, refuse_first)
    loop = asyncio.get_running_loop()
    # hostname is given so that aiosmtpd does not ask DNS for this machine's name.
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="localhost"), host="127.0.0.1", port=0
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
