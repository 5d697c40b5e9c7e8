"""Hand-written PDF bytes (no Qt needed): plain, encrypted, for refusal tests."""

from __future__ import annotations

import hashlib
import struct

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_FILE_ID = b"qcode-test-id-16"


def build_pdf(content: bytes, *, encrypt: bytes | None = None, file_id: bytes = _FILE_ID) -> bytes:
    """A one-page PDF whose page draws ``content`` with Helvetica, xref table and all."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if encrypt is not None:
        objects.append(encrypt)
    extra = b" /Encrypt 6 0 R" if encrypt is not None else b""
    ids = b" /ID [<%s> <%s>]" % (file_id.hex().encode(), file_id.hex().encode())
    return assemble(objects, extra + ids)


def assemble(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """PDF bytes of these objects (numbered from 1, the first the catalog): the header,
    the objects, their xref table and a trailer holding ``trailer``'s entries too."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\n" % (len(objects) + 1, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def rc4(key: bytes, data: bytes) -> bytes:
    """RC4, as PDF's 40-bit standard security handler uses it."""
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def encrypted_pdf(text: str, user_password: str, owner_password: str = "owner") -> bytes:
    """A PDF encrypted with the standard security handler (V1, R2, RC4 40-bit)."""
    user = (user_password.encode("latin-1") + _PAD)[:32]
    owner = (owner_password.encode("latin-1") + _PAD)[:32]
    o_value = rc4(hashlib.md5(owner).digest()[:5], user)
    permissions = struct.pack("<i", -44)
    key = hashlib.md5(user + o_value + permissions + _FILE_ID).digest()[:5]
    u_value = rc4(key, _PAD)
    content = b"BT /F1 24 Tf 72 700 Td (%s) Tj ET" % text.encode("latin-1")
    object_key = hashlib.md5(key + (4).to_bytes(3, "little") + b"\x00\x00").digest()[:10]
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>" % (
        o_value.hex().encode(),
        u_value.hex().encode(),
    )
    return build_pdf(rc4(object_key, content), encrypt=encrypt)
