// timeslice validate FILE...
#include <iostream>

#include "cli/cli.h"
#include "sim/format/workload_json.h"

namespace timeslice::cli {

int validate_command(const std::vector<std::string>& argv) {
  const ParsedArgs args = parse_args("validate", argv, {});
  if (args.help) {
    std::cout << validate_help();
    return kExitOk;
  }
  if (args.positional.empty())
    throw UsageError("validate: missing FILE; see 'timeslice validate --help'");
  bool all_ok = true;
  for (const std::string& file : args.positional) {
    try {
      const Workload workload = load_workload(file);
      std::cout << (file == "-" ? kStdinName : file) << ": ok" << std::endl;
      note_unused_params(workload);
    } catch (const WorkloadError& e) {
      // Flush first so the ok lines and errors interleave in file order.
      std::cout << std::flush;
      std::cerr << "timeslice: " << e.what() << std::endl;
      all_ok = false;
    }
  }
  return all_ok ? kExitOk : kExitBadInput;
}

}  // namespace timeslice::cli
