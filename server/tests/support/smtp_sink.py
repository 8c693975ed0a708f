#!/usr/bin/python3
"""A real SMTP server for the notification tests (aiosmtpd, Debian's python3-aiosmtpd).

Each accepted message is written to DIR as <n>.json with its decoded headers and body.
--delay makes every DATA take that long *after* the message is stored and before the 250
reply, like a slow relay; a sender killed in that window resends with the same Message-ID.
While the file given by --reject-file exists, RCPT to --reject-to is refused with 550.
"""
import argparse, asyncio, email, email.policy, json, os, sys, time

from aiosmtpd.controller import Controller

p = argparse.ArgumentParser()
p.add_argument("--port", type=int, required=True)
p.add_argument("--dir", required=True)
p.add_argument("--delay", type=float, default=0.0)
p.add_argument("--reject-to", default="")
p.add_argument("--reject-file", default="")
args = p.parse_args()
os.makedirs(args.dir, exist_ok=True)


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if args.reject_to and address == args.reject_to and os.path.exists(args.reject_file):
            # As Postfix does, the refusal quotes the address.
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        # A report mail is multipart: its text, and the workbook attached.
        text = msg.get_body(preferencelist=("plain",)) if msg.is_multipart() else msg
        attachments = [
            {
                "filename": part.get_filename(),
                "content_type": part.get_content_type(),
                "size": len(part.get_payload(decode=True) or b""),
                "magic": (part.get_payload(decode=True) or b"")[:4].hex(),
            }
            for part in msg.iter_attachments()
        ] if msg.is_multipart() else []
        record = {
            "message_id": str(msg["Message-ID"]),
            "from": str(msg["From"]),
            "to": str(msg["To"]),
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(msg["Subject"]),
            "notice": str(msg["X-VOC-Notice"]),
            "body": text.get_content(),
            "attachments": attachments,
        }
        name = "%d-%d.json" % (time.time_ns(), os.getpid())
        tmp = os.path.join(args.dir, "." + name)
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(tmp, os.path.join(args.dir, name))
        if args.delay:
            await asyncio.sleep(args.delay)
        return "250 Message accepted for delivery"


controller = Controller(Handler(), hostname="127.0.0.1", port=args.port)
controller.start()
print("ready", flush=True)
try:
    sys.stdin.read()  # until the test closes our stdin or kills us
finally:
    controller.stop()
