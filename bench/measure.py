"""Runs a command and writes what it cost to a JSON file: wall seconds, CPU seconds (user and
system, with every process it started) and the peak resident memory of its largest process, in
MiB (getrusage of the waited children; no /usr/bin/time needed).

Usage: python measure.py <result.json> <command> [args...]
"""

import json
import resource
import subprocess
import sys
import time

start = time.perf_counter()
code = subprocess.call(sys.argv[2:])
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as result:
    json.dump(
        {
            "code": code,
            "seconds": seconds,
            "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "peak_mib": usage.ru_maxrss / 1024,
        },
        result,
    )
sys.exit(code)
