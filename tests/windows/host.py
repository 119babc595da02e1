#!/usr/bin/env python3
"""What the tests run under Wine need done on the Linux host, served on loopback.

Two things a Windows program under Wine cannot do for itself:
- run the PDF checkers (poppler, qpdf): Wine starts a Linux program named in CreateProcess but
  cannot wait for it or read its output (it forks it off and returns no process). The Windows
  paths a test names (C:\\..., Z:\\...) become Unix ones through the prefix's drive links.
- make a small disk to fill or a drive to make read-only: a tmpfs mounted here (as root, as the
  Linux fault tests do) and given a drive letter in the prefix.
A test fixture, never shipped: scripts/test-windows.sh starts it and stops it.

    host.py PORT-FILE     (listens on 127.0.0.1 on a free port, written to PORT-FILE)
Request: one JSON line; reply: one JSON line ({"error": "..."} when the host refused).
  {"do": "check", "tool": "qpdf", "args": [...]}  -> {"code": N, "stdout": HEX, "stderr": HEX}
  {"do": "mount", "kib": N}                        -> {"drive": "F:"}
  {"do": "remount", "drive": "F:", "options": "ro"} -> {}
  {"do": "unmount", "drive": "F:"}                 -> {}
"""
import json
import os
import re
import socketserver
import subprocess
import sys
import threading

CHECKERS = {"qpdf", "pdftotext", "pdffonts", "pdfinfo", "pdfimages", "pdftoppm"}
# Checkers the repository carries, by name: DuckDB reading the national data set.
SCRIPTS = {"duckdb-query": os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "duckdb-query")}
PREFIX = os.environ["WINEPREFIX"]
DRIVES = os.path.join(os.path.dirname(PREFIX), "drives")
LETTERS = "fghijklm"
lock = threading.Lock()


def unix_path(arg):
    m = re.match(r"^([A-Za-z]):\\(.*)$", arg, re.S)
    if not m:
        return arg
    drive = os.path.realpath(os.path.join(PREFIX, "dosdevices", m.group(1).lower() + ":"))
    return os.path.join(drive, m.group(2).replace("\\", "/"))


def run(*command):
    done = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: {done.stderr.decode(errors='replace').strip()}")


def letter_of(request):
    letter = request["drive"][0].lower()
    if letter not in LETTERS:
        raise RuntimeError(f"not a drive this host made: {request['drive']}")
    return letter, os.path.join(DRIVES, letter)


def serve(request):
    what = request["do"]
    if what == "check":
        tool = request["tool"]
        if tool in SCRIPTS:
            tool = SCRIPTS[tool]
        elif tool not in CHECKERS:
            raise RuntimeError(f"not a checker: {tool}")
        done = subprocess.run([tool, *map(unix_path, request["args"])], capture_output=True, stdin=subprocess.DEVNULL)
        return {"code": done.returncode, "stdout": done.stdout.hex(), "stderr": done.stderr.hex()}
    with lock:
        if what == "mount":
            kib = int(request["kib"])
            letter = next((l for l in LETTERS if not os.path.lexists(os.path.join(PREFIX, "dosdevices", l + ":"))), None)
            if letter is None:
                raise RuntimeError("no drive letter free")
            folder = os.path.join(DRIVES, letter)
            os.makedirs(folder, exist_ok=True)
            run("mount", "-t", "tmpfs", "-o", f"size={kib}k,mode=0777", "tmpfs", folder)
            os.symlink(folder, os.path.join(PREFIX, "dosdevices", letter + ":"))
            return {"drive": letter.upper() + ":"}
        if what == "remount":
            _, folder = letter_of(request)
            run("mount", "-o", "remount," + {"ro": "ro", "rw": "rw"}[request["options"]], folder)
            return {}
        if what == "unmount":
            letter, folder = letter_of(request)
            if subprocess.run(["umount", folder], capture_output=True).returncode != 0:
                run("umount", "-l", folder)
            os.unlink(os.path.join(PREFIX, "dosdevices", letter + ":"))
            return {}
    raise RuntimeError(f"unknown request: {what}")


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        try:
            reply = serve(json.loads(self.rfile.readline()))
        except Exception as e:  # the test reads the reason and fails with it
            reply = {"error": str(e)}
        self.wfile.write(json.dumps(reply).encode() + b"\n")


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True


with Server(("127.0.0.1", 0), Handler) as server:
    with open(sys.argv[1], "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()
