// timeslice policies
#include <iostream>

#include "cli/cli.h"

namespace timeslice::cli {

namespace {

// The user-level runtime models (SPEC §9) and where each default comes from.
const char* const kRuntimeModels = R"(Runtime models (a "runtimes" entry's "model"; fibers are tasks naming the runtime):

  green       many-to-one green threads: one carrier, fibers first come first served,
              each runs until it yields, parks or ends (GNU Pth, Java 1.1 green threads)
  event_loop  one carrier running fibers as callbacks, in libuv's loop order: timers,
              then I/O, then yields (libuv src/unix/core.c uv_run)
  mn          Go's M:N scheduler (src/runtime/proc.go):
                carriers            number of processors, GOMAXPROCS      default: the CPUs (runtime.NumCPU)
                local_queue         a processor's run queue                default 256 (p.runq [256]guintptr)
                global_check_every  global queue every Nth pick            default 61 (schedule: schedtick%61)
                steal               idle processors steal half a queue     default true (stealWork, runqsteal)
                preempt_after       the monitor preempts a fiber after     default 10ms (forcePreemptNS)
                                    (false: never, as Tokio)
                handoff             none | immediate | sysmon              default sysmon (sysmon -> retake ->
                                                                           handoffp; entersyscallblock is immediate)
                the monitor         first look after 20us, doubling after 50 idle looks up to 10ms
                                    (sysmon: delay 20, idle > 50, 10*1000)
  pool        a fixed set of worker threads taking jobs FIFO; a job's I/O blocks its worker
                carriers            worker threads                         default 4 (libuv UV_THREADPOOL_SIZE,
                                                                           src/threadpool.c)
  every model costs.fiber_switch, costs.fiber_create                       default 0 (the textbook model)
)";

}  // namespace

int policies_command(const std::vector<std::string>& argv) {
  const ParsedArgs args = parse_args("policies", argv, {});
  if (args.help) {
    std::cout << policies_help();
    return kExitOk;
  }
  if (!args.positional.empty())
    throw UsageError("policies: unexpected argument " + args.positional.front() +
                     "; see 'timeslice policies --help'");
  std::cout << "Policies (choose with --policy or \"scheduler\": { \"policy\": ... }; parameters\n"
               "go in the \"scheduler\" object):\n\n"
            << policy_list(2) << '\n' << kRuntimeModels;
  return kExitOk;
}

}  // namespace timeslice::cli
