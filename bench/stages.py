"""Runs a generated pipeline's steps one by one, to show where its time goes: importing dlt and
the script, extract (requests and writing the pages to files), normalize (rows typed, nested
lists into child tables, parquet written) and load (into the destination). Prints one JSON line:
wall and CPU seconds of each step, CPU including the normalize worker processes.

Usage: python stages.py <script module> <source function>
"""

import importlib
import json
import resource
import sys
import time


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


steps = {}
last = (time.perf_counter(), cpu_seconds())


def step_done(name: str) -> None:
    global last
    now = (time.perf_counter(), cpu_seconds())
    steps[name] = {"seconds": now[0] - last[0], "cpu_seconds": now[1] - last[1]}
    last = now


sys.path.insert(0, ".")
module = importlib.import_module(sys.argv[1])
dlt = importlib.import_module("dlt")  # the script imported it: the time is in "import"

step_done("import")
source = getattr(module, sys.argv[2])()
pipeline = dlt.pipeline(
    pipeline_name=source.name, destination="duckdb", dataset_name=f"{source.name}_data"
)
pipeline.extract(source, loader_file_format="parquet")
step_done("extract")
pipeline.normalize()
step_done("normalize")
pipeline.load()
step_done("load")
print(json.dumps(steps))
