"""Run a command and write its wall time and peak RSS to a file: `python _measured.py OUT CMD...`.

A child's ru_maxrss on Linux starts from the memory of the process that forked it (the high-water
mark survives fork and exec), so a benchmark that has built large plans would see its own size in
every child it times. This launcher is small when it forks, so the figure it writes is the
command's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main() -> int:
    out, command = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    proc = subprocess.Popen(command)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    rss_mb = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    code = os.waitstatus_to_exitcode(status)
    with open(out, "w", encoding="utf-8") as file:
        json.dump({"seconds": seconds, "rss_mb": rss_mb, "code": code}, file)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
