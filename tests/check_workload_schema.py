#!/usr/bin/env python3
"""docs/workload.schema.json against every shipped workload, with a second
opinion: a JSON Schema validator (Debian's python3-jsonschema) and timeslice's
own validator must agree on each document below.

Usage: check_workload_schema.py SOURCE_DIR TIMESLICE_BINARY
Exit 0 when all agree, 1 otherwise, 77 (skipped) without python3-jsonschema.
"""
import glob
import json
import os
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("skipped: python3-jsonschema is not installed (setup.sh installs it)")
    sys.exit(77)

source, timeslice = sys.argv[1], sys.argv[2]
schema = json.load(open(os.path.join(source, "docs", "workload.schema.json"), encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failures = 0


def schema_errors(doc):
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in validator.iter_errors(doc)]


def timeslice_ok(text):
    run = subprocess.run([timeslice, "validate", "-"], input=text.encode(), capture_output=True)
    return run.returncode == 0, run.stderr.decode().strip()


# Every shipped workload (and the benchmarks' inputs) is valid under the schema.
files = sorted(glob.glob(os.path.join(source, "workloads", "*.json")) +
               glob.glob(os.path.join(source, "bench", "*.json")))
for path in files:
    errors = schema_errors(json.load(open(path, encoding="utf-8")))
    if errors:
        failures += 1
        print(f"FAIL {os.path.relpath(path, source)}: {errors[:3]}")
print(f"{len(files)} shipped workloads checked against the schema")

# Small documents on which the schema and timeslice must agree.
task = '{"name": "A", "burst": 3}'
cases = [
    (True, '{"$schema": "../docs/workload.schema.json", "tasks": [%s]}' % task),
    (True, '{"time_unit": "\u00b5s", "tasks": [%s]}' % task),
    (True, '{"machine": {"costs": {"process_switch": "2\u00b5s"}}, "tasks": [%s]}' % task),
    (True, '{"machine": {"cpus": [{"name": "big", "speed": 2}, {"class": "little"}]}, "tasks": [%s]}' % task),
    (True, '{"scheduler": {"policy": "mlfq", "levels": 2, "quanta": ["1ms", 2]}, "tasks": [%s]}' % task),
    (True, '{"devices": [{"name": "d"}], "tasks": [{"name": "A", "program": '
           '[{"cpu": 1}, {"io": "d", "duration": 2}, {"repeat": 2, "program": [{"sleep": 1}]}, {"yield": true}]}]}'),
    (True, '{"generate": [{"count": 3, "name": "j", "arrival": {"dist": "exponential", "mean": 5}, '
           '"burst": {"dist": "uniform", "min": 1, "max": "2ms"}}]}'),
    (False, '{"tasks": [{"name": "A", "brust": 3}]}'),
    (False, '{"tasks": [{"name": "A"}]}'),
    (False, '{"tasks": [{"name": "A", "burst": 3, "program": [{"cpu": 1}]}]}'),
    (False, '{"time_unit": "min", "tasks": [%s]}' % task),
    (False, '{"tasks": [{"name": "A", "burst": "5 ms"}]}'),
    (False, '{"tasks": [{"name": "A", "program": [{"cpu": 1, "sleep": 1}]}]}'),
    (False, '{"scheduler": {"policy": "round-robin"}, "tasks": [%s]}' % task),
    (False, '{"scheduler": {"quantm": 5}, "tasks": [%s]}' % task),
    (False, '{"machine": {"cpus": 0}, "tasks": [%s]}' % task),
    (False, '{"$schema": 5, "tasks": [%s]}' % task),
    (False, '{}'),
]
for expected, text in cases:
    by_schema = not schema_errors(json.loads(text))
    by_timeslice, message = timeslice_ok(text)
    if by_schema != expected or by_timeslice != expected:
        failures += 1
        print(f"FAIL {text}\n  expected valid={expected}: schema says {by_schema}, "
              f"timeslice says {by_timeslice} {message}")
print(f"{len(cases)} documents: schema and timeslice agree" if failures == 0 else f"{failures} failures")
sys.exit(1 if failures else 0)
