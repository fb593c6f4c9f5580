#!/usr/bin/env python3
"""SimSo's side of bench/realtime.sh: the same workload under SimSo's global EDF.

  python3 bench/simso-edf.py SIMSO_DIR [bench/edf-16cpu-100tasks.json]

SIMSO_DIR is a checkout of SimSo (github.com/MaximeCheramy/simso; the
directory that holds the `simso` package). SimSo needs SimPy 2 (Debian
package python3-simpy, 2.3.1). Reads the tasks of the timeslice workload
(period, wcet, deadline in ms), runs them on as many CPUs for 20 s simulated
with simso.schedulers.EDF and zero costs (SimSo's defaults), and prints the
jobs and the CPU and wall time of the simulation (without Python's start-up
and the import of SimSo).
"""
import json
import os
import sys
import time


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.path.insert(0, sys.argv[1])
    from simso.configuration import Configuration
    from simso.core import Model

    here = os.path.dirname(os.path.abspath(__file__))
    path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "edf-16cpu-100tasks.json")
    with open(path) as f:
        workload = json.load(f)
    config = Configuration()
    config.duration = 20000 * config.cycles_per_ms  # 20 s
    for i, t in enumerate(workload["tasks"], 1):
        config.add_task(name=t["name"], identifier=i, period=t["period"], activation_date=0,
                        wcet=t["wcet"], deadline=t["deadline"])
    for p in range(workload["machine"]["cpus"]):
        config.add_processor(name="CPU %d" % (p + 1), identifier=p + 1)
    config.scheduler_info.clas = "simso.schedulers.EDF"
    config.check_all()
    model = Model(config)
    cpu, wall = time.process_time(), time.time()
    model.run_model()
    cpu, wall = time.process_time() - cpu, time.time() - wall
    jobs = sum(len(task.jobs) for task in model.task_list)
    print("SimSo: %d jobs, 20s simulated in %.1f s of CPU (%.1f s wall)" % (jobs, cpu, wall))


main()
