// The runtime models, by RuntimeModel.
#include "sim/runtime/runtime.h"

namespace timeslice {

std::unique_ptr<Runtime> make_runtime(const RuntimeSpec& spec, RuntimeHost& host) {
  switch (spec.model) {
    case RuntimeModel::Green: return make_green_runtime(spec, host);
    case RuntimeModel::EventLoop: return make_event_loop_runtime(spec, host);
    case RuntimeModel::MN: return make_mn_runtime(spec, host);
    case RuntimeModel::Pool: return make_pool_runtime(spec, host);
  }
  return make_green_runtime(spec, host);
}

const char* runtime_model_name(RuntimeModel model) {
  switch (model) {
    case RuntimeModel::Green: return "green";
    case RuntimeModel::EventLoop: return "event_loop";
    case RuntimeModel::MN: return "mn";
    case RuntimeModel::Pool: return "pool";
  }
  return "green";
}

}  // namespace timeslice
