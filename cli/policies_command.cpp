// timeslice policies
#include <iostream>

#include "cli/cli.h"

namespace timeslice::cli {

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
            << policy_list(2);
  return kExitOk;
}

}  // namespace timeslice::cli
