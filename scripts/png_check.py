#!/usr/bin/env python3
"""Checks that a browser screenshot of the HTML report is not blank (standard library only).

Decodes the PNG (8-bit RGB/RGBA, non-interlaced, as Chromium writes it), then requires:
  * the expected size,
  * at least MIN_INK of the pixels differ from the white page background,
  * the SVG charts were painted: at least MIN_CHART of the pixels are the monthly-bucket blue
    (#3182bd) and some are the rollover green (#74c476), colours only the charts use.
Usage: png_check.py FILE.png WIDTH HEIGHT
"""
import struct
import sys
import zlib

MIN_INK = 0.05
MIN_CHART = 0.01


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or color not in (2, 6) or interlace != 0:
        sys.exit(f"{path}: unsupported PNG layout (depth {depth}, colour type {color}, interlace {interlace})")
    bpp = 3 if color == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f, line = raw[i], bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def near(px, rgb, tol=12):
    return all(abs(p - q) <= tol for p, q in zip(px, rgb))


def main():
    path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    width, height, bpp, rows = decode(path)
    if (width, height) != (want_w, want_h):
        sys.exit(f"{path}: {width}x{height}, expected {want_w}x{want_h}")
    total = width * height
    ink = blue = green = 0
    for row in rows:
        for x in range(0, width * bpp, bpp):
            px = row[x : x + 3]
            if not near(px, (255, 255, 255), 8):
                ink += 1
            if near(px, (0x31, 0x82, 0xBD)):
                blue += 1
            elif near(px, (0x74, 0xC4, 0x76)):
                green += 1
    print(f"{path}: {width}x{height}, non-white {ink / total:.1%}, monthly blue {blue / total:.1%}, "
          f"rollover green {green / total:.1%}")
    if ink / total < MIN_INK:
        sys.exit(f"{path}: looks blank ({ink / total:.2%} non-white pixels, need {MIN_INK:.0%})")
    if blue / total < MIN_CHART or green == 0:
        sys.exit(f"{path}: the SVG charts did not paint (blue {blue / total:.2%}, green {green} pixels)")


main()
