#!/usr/bin/python3
"""Opens a frab schedule.xml in ConfClerk (Debian's confclerk) under Xvfb, as a person would:
Conferences, +, the file's URL, Open. Then prints what ConfClerk made of it, from its SQLite
database, as JSON: events, rooms, persons, event-person links, tracks, and each event's local
start as ConfClerk shows it. See docs/real-clients.md.

    /usr/bin/python3 test/exports/confclerk.py schedule.xml [--screenshot shot.png]

Needs confclerk, Xvfb (xvfb), libX11 and libXtst (for XTEST clicks), sqlite3 (Python's).
Everything runs in a temporary HOME on a display of its own, and is stopped at the end.
The clicks are at fixed places of ConfClerk 0.7 on a 1024x768 screen.
"""
import ctypes
import json
import os
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

DISPLAY = ":57"


class Xtest:
    """Mouse clicks and typing through the XTEST extension, by ctypes (no xdotool needed)."""

    NAMES = {"/": "slash", ":": "colon", ".": "period", "-": "minus", "_": "underscore", " ": "space"}

    def __init__(self):
        self.x11 = ctypes.cdll.LoadLibrary("libX11.so.6")
        self.xtst = ctypes.cdll.LoadLibrary("libXtst.so.6")
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.display = ctypes.c_void_p(self.x11.XOpenDisplay(DISPLAY.encode()))
        if not self.display:
            raise SystemExit(f"cannot open display {DISPLAY}")

    def _keycode(self, name):
        return self.x11.XKeysymToKeycode(self.display, self.x11.XStringToKeysym(name.encode()))

    def click(self, x, y):
        self.xtst.XTestFakeMotionEvent(self.display, -1, x, y, 0)
        self.x11.XFlush(self.display)
        time.sleep(0.1)
        self.xtst.XTestFakeButtonEvent(self.display, 1, True, 0)
        self.xtst.XTestFakeButtonEvent(self.display, 1, False, 0)
        self.x11.XFlush(self.display)
        time.sleep(0.8)

    def type(self, text):
        shift = self._keycode("Shift_L")
        for char in text:
            code = self._keycode(self.NAMES.get(char, char))
            shifted = char == ":" or char == "_" or char.isupper()
            if shifted:
                self.xtst.XTestFakeKeyEvent(self.display, shift, True, 0)
            self.xtst.XTestFakeKeyEvent(self.display, code, True, 0)
            self.xtst.XTestFakeKeyEvent(self.display, code, False, 0)
            if shifted:
                self.xtst.XTestFakeKeyEvent(self.display, shift, False, 0)
            self.x11.XFlush(self.display)
            time.sleep(0.02)


def screenshot(framebuffer, png):
    """Xvfb's framebuffer file (XWD, 32 bits per pixel) as a PNG."""
    data = framebuffer.read_bytes()
    header = struct.unpack(">25I", data[:100])
    size, width, height, byte_order, per_line, colours = header[0], header[4], header[5], header[7], header[12], header[19]
    start = size + colours * 12
    rows = []
    for y in range(height):
        line = data[start + y * per_line:start + y * per_line + width * 4]
        row = bytearray(b"\x00")
        for x in range(0, width * 4, 4):
            row += bytes((line[x + 2], line[x + 1], line[x])) if byte_order == 0 else bytes((line[x + 1], line[x + 2], line[x + 3]))
        rows.append(bytes(row))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    Path(png).write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


def counts(database):
    with sqlite3.connect(database) as db:
        one = lambda sql: db.execute(sql).fetchone()[0]
        return {
            "conferences": one("select count(*) from conference"),
            "events": one("select count(*) from event"),
            "rooms": one("select count(*) from room"),
            "persons": one("select count(*) from person"),
            "event_persons": one("select count(*) from event_person"),
            "tracks": one("select count(*) from track"),
            # ConfClerk keeps local times as if they were UTC ("timezone-less timestamp").
            "starts": [
                {"title": title, "start": start, "minutes": duration // 60}
                for title, start, duration in db.execute(
                    "select title, strftime('%Y-%m-%dT%H:%M', start, 'unixepoch'), duration from event order by start, title"
                )
            ],
        }


def main():
    schedule = Path(sys.argv[1]).resolve()
    shot = sys.argv[sys.argv.index("--screenshot") + 1] if "--screenshot" in sys.argv else None
    with tempfile.TemporaryDirectory(prefix="confclerk-") as home:
        framebuffer_dir = Path(home, "fb")
        framebuffer_dir.mkdir()
        xvfb = subprocess.Popen(
            ["Xvfb", DISPLAY, "-screen", "0", "1024x768x24", "-fbdir", str(framebuffer_dir), "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        confclerk = None
        try:
            time.sleep(2)
            env = dict(os.environ, DISPLAY=DISPLAY, HOME=home, XDG_DATA_HOME=f"{home}/.local/share")
            confclerk = subprocess.Popen(["confclerk"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(4)
            x = Xtest()
            x.click(50, 10)  # Conferences
            x.click(176, 107)  # + (add a conference)
            x.type(schedule.as_uri())
            x.click(332, 196)  # Open
            database = Path(home, ".local/share/Toastfreeware/ConfClerk/ConfClerk.sqlite")
            seen, stable = -1, 0
            for _ in range(120):  # until the event count stops growing, at most two minutes
                time.sleep(1)
                now = counts(database)["events"] if database.exists() else 0
                stable = stable + 1 if now == seen and now > 0 else 0
                seen = now
                if stable >= 3:
                    break
            if shot:
                x.click(687, 319)  # Close the conference dialog: the day's events show
                time.sleep(1)
                screenshot(framebuffer_dir / "Xvfb_screen0", shot)
            print(json.dumps(counts(database), ensure_ascii=False, indent=1))
        finally:
            if confclerk:
                confclerk.terminate()
                confclerk.wait()
            xvfb.terminate()
            xvfb.wait()


if __name__ == "__main__":
    main()
