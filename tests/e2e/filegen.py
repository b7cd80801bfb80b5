"""Small but real files of every kind the uploads take or refuse, made here (no fixtures on
disk), and a multipart/form-data encoder: tests/e2e/test_files.py and authz_files.py."""

import io
import os
import struct
import uuid
import wave
import zipfile
import zlib


def png(w=4, h=3):
    raw = b"".join(b"\x00" + b"\xff\x80\x00" * w for _ in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def jpeg(w=1, h=1):
    """A baseline JPEG, one grey component, every block flat: decodable at 1x1 to 8x8."""
    def seg(marker, body):
        return b"\xff" + bytes([marker]) + struct.pack(">H", len(body) + 2) + body
    app0 = seg(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    dqt = seg(0xDB, b"\x00" + b"\x01" * 64)
    sof = seg(0xC0, b"\x08" + struct.pack(">HH", h, w) + b"\x01\x01\x11\x00")
    # One code of length 1 in each table: DC symbol 0 (no difference), AC symbol 0 (EOB).
    dht = seg(0xC4, b"\x00" + b"\x01" + b"\x00" * 15 + b"\x00"
              + b"\x10" + b"\x01" + b"\x00" * 15 + b"\x00")
    sos = seg(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    blocks = ((w + 7) // 8) * ((h + 7) // 8)
    bits = "00" * blocks
    bits += "1" * (-len(bits) % 8)
    data = bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))
    data = data.replace(b"\xff", b"\xff\x00")
    return b"\xff\xd8" + app0 + dqt + sof + dht + sos + data + b"\xff\xd9"


def gif(w=1, h=1):
    return (b"GIF89a" + struct.pack("<HH", w, h) + b"\x80\x00\x00" + b"\x00\x00\x00\xff\xff\xff"
            + b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b")


def webp(w=1, h=1):
    """Lossless (VP8L); the pixels are those of a 1x1 image whatever the header says."""
    bits = (w - 1) | (h - 1) << 14
    body = b"\x2f" + struct.pack("<I", bits) + b"\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
    chunk = b"VP8L" + struct.pack("<I", len(body)) + body + b"\x00" * (len(body) % 2)
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def pdf():
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>"]
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def wav(seconds=0.1):
    b = io.BytesIO()
    with wave.open(b, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x01" * int(8000 * seconds))
    return b.getvalue()


def mp3(frames=8):
    """MPEG-1 Layer III, 128 kbit/s, 44.1 kHz frames of silence behind an ID3v2 tag."""
    frame = b"\xff\xfb\x90\x64" + b"\x00" * 413
    return b"ID3\x03\x00\x00\x00\x00\x00\x00" + frame * frames


def _ogg_crc(data):
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = (crc << 1) ^ 0x04C11DB7 if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def ogg():
    """The first page of an Ogg Vorbis stream: its identification header."""
    ident = (b"\x01vorbis" + struct.pack("<IBIiii", 0, 1, 8000, 0, 64000, 0) + b"\xb8\x01")
    head = (b"OggS\x00\x02" + struct.pack("<qIII", 0, 0x1234, 0, 0) + bytes([1, len(ident)]))
    page = bytearray(head + ident)
    struct.pack_into("<I", page, 22, _ogg_crc(bytes(page)))
    return bytes(page)


def _zip(entries):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in entries:
            z.writestr(name, text)
    return b.getvalue()


def _ct(main_type):
    return ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            f'ContentType="application/xml"/><Override PartName="/{main_type[0]}" '
            f'ContentType="{main_type[1]}"/></Types>')


RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{}"/>'
        '</Relationships>')
OOXML = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument."
             "wordprocessingml.document.main+xml",
             '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             '<w:body><w:p><w:r><w:t>Привет</w:t></w:r></w:p></w:body></w:document>'),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument."
             "spreadsheetml.sheet.main+xml",
             '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<sheets/></workbook>'),
    "pptx": ("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument."
             "presentationml.presentation.main+xml",
             '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/'
             'main"/>'),
}


def ooxml(ext, content_types_first=True):
    """A Word, Excel or PowerPoint file as Office writes it ([Content_Types].xml first), or
    as some producers do (another entry first: libmagic then sees only a zip)."""
    part, ctype, xml = OOXML[ext]
    entries = [("[Content_Types].xml", _ct((part, ctype))), ("_rels/.rels", RELS.format(part)),
               (part, xml)]
    if not content_types_first:
        entries = [("zz/notes.txt", "first")] + entries
    return _zip(entries)


def plain_zip():
    return _zip([("readme.txt", "hello"), ("data/a.csv", "a,b\n1,2\n")])


CLSID = {"WordDocument": "00020906-0000-0000-c000-000000000046",
         "Workbook": "00020820-0000-0000-c000-000000000046",
         "PowerPoint Document": "64818d10-4f9b-11cf-86ea-00aa00b929e8"}


def ole(stream="WordDocument", clsid=True):
    """An OLE compound file (what .doc, .xls and .ppt are) with one 4 KiB stream: Word's
    WordDocument, Excel's Workbook or PowerPoint's "PowerPoint Document"; without the class
    id libmagic may know only that it is OLE."""
    end, free, fat = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    header = bytearray(512)
    struct.pack_into("<8s16sHHHHHH", header, 0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x00" * 16,
                     0x3E, 3, 0xFFFE, 9, 6, 0)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<I", header, 76, 0)
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, free)
    fat_sector = [fat, end] + [s + 1 for s in range(2, 9)] + [end] + [free] * 118

    def entry(name, kind, child, start, size):
        e = bytearray(128)
        n = name.encode("utf-16-le") + b"\x00\x00" if name else b""
        e[:len(n)] = n
        struct.pack_into("<HBBIII", e, 64, len(n), kind, 1 if kind else 0, free, free, child)
        struct.pack_into("<II", e, 116, start, size)
        return bytes(e)
    root = bytearray(entry("Root Entry", 5, 1, end, 0))
    if clsid:               # the application's class id, which libmagic looks at
        root[80:96] = uuid.UUID(CLSID[stream]).bytes_le
    directory = bytes(root) + entry(stream, 2, free, 2, 4096) + entry("", 0, free, 0, 0) * 2
    data = (b"\xec\xa5" + b"\x00" * 4094) if stream == "WordDocument" else b"\x00" * 4096
    return bytes(header) + struct.pack("<128I", *fat_sector) + directory + data


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"
SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(1)</script><rect width="10" height="10"/></svg>\n')


def elf():
    """An executable: the test runner's own binary, as uploads of it happen."""
    with open("/usr/bin/true", "rb") as f:
        return f.read()


def junk(n=4096):
    return os.urandom(n)


def multipart(fields=(), files=(), boundary=None):
    """(body, content type) of multipart/form-data: fields [(name, value)], files [(name,
    filename, content type, bytes)], the way a browser writes them."""
    b = boundary or "----tpanel" + uuid.uuid4().hex
    out = bytearray()
    for name, value in fields:
        out += (f'--{b}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n').encode()
        out += (value if isinstance(value, bytes) else str(value).encode()) + b"\r\n"
    for name, filename, ctype, data in files:
        fn = filename.replace('"', "%22").encode()
        out += (f'--{b}\r\nContent-Disposition: form-data; name="{name}"; filename="').encode()
        out += fn + f'"\r\nContent-Type: {ctype}\r\n\r\n'.encode() + data + b"\r\n"
    out += f"--{b}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={b}"
