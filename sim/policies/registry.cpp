// The one explicit list of policies. Adding a policy: write sim/policies/<name>.cpp
// defining a `PolicyInfo <name>_policy()` and add it here; the engine is untouched.
#include <iterator>
#include <stdexcept>

#include "sim/core/policy.h"

namespace timeslice {

PolicyInfo fcfs_policy();
PolicyInfo sjf_policy();
PolicyInfo srtf_policy();
PolicyInfo rr_policy();
PolicyInfo priority_policy();
PolicyInfo mlfq_policy();
PolicyInfo cooperative_policy();
PolicyInfo edf_policy();
PolicyInfo rms_policy();
PolicyInfo cfs_policy();
PolicyInfo eevdf_policy();
PolicyInfo lottery_policy();
PolicyInfo stride_policy();

const std::vector<PolicyInfo>& policy_registry() {
  // Each PolicyInfo is moved in: a braced list would copy every one (an
  // initializer_list's elements are const), strings and parameter specs.
  static const std::vector<PolicyInfo> registry = [] {
    constexpr PolicyInfo (*kPolicies[])() = {
        fcfs_policy,
        sjf_policy,
        srtf_policy,
        rr_policy,
        priority_policy,
        mlfq_policy,
        cooperative_policy,
        edf_policy,
        rms_policy,
        cfs_policy,
        eevdf_policy,
        lottery_policy,
        stride_policy,
    };
    std::vector<PolicyInfo> policies;
    policies.reserve(std::size(kPolicies));
    for (PolicyInfo (*policy)() : kPolicies) policies.push_back(policy());
    return policies;
  }();
  return registry;
}

const PolicyInfo* find_policy(const std::string& name) {
  for (const PolicyInfo& info : policy_registry())
    if (info.name == name) return &info;
  return nullptr;
}

const ParamSpec* find_param(const std::string& name) {
  for (const PolicyInfo& info : policy_registry())
    for (const ParamSpec& p : info.params)
      if (p.name == name) return &p;
  return nullptr;
}

namespace {
template <class T>
const T* lookup(const PolicyParams& p, const std::string& name) {
  auto it = p.find(name);
  if (it == p.end()) return nullptr;
  const T* value = std::get_if<T>(&it->second);
  if (!value) throw std::invalid_argument("scheduler." + name + " has the wrong type");
  return value;
}
}  // namespace

Time param_duration(const PolicyParams& p, const std::string& name, Time fallback) {
  const auto* v = lookup<std::int64_t>(p, name);
  return v ? *v : fallback;
}
std::vector<Time> param_durations(const PolicyParams& p, const std::string& name,
                                  std::vector<Time> fallback) {
  const auto* v = lookup<std::vector<Time>>(p, name);
  return v ? *v : fallback;
}
std::int64_t param_int(const PolicyParams& p, const std::string& name, std::int64_t fallback) {
  const auto* v = lookup<std::int64_t>(p, name);
  return v ? *v : fallback;
}
double param_real(const PolicyParams& p, const std::string& name, double fallback) {
  const auto* v = lookup<double>(p, name);
  return v ? *v : fallback;
}
bool param_bool(const PolicyParams& p, const std::string& name, bool fallback) {
  const auto* v = lookup<bool>(p, name);
  return v ? *v : fallback;
}
std::string param_choice(const PolicyParams& p, const std::string& name,
                         const std::string& fallback) {
  const auto* v = lookup<std::string>(p, name);
  return v ? *v : fallback;
}

}  // namespace timeslice
