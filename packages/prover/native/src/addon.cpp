// Addon entry: runs every module's registered init (see registry.hpp) and adds build info.
#include <napi.h>

#include "field.hpp"
#include "parallel.hpp"
#include "registry.hpp"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  for (auto init : zkpop::module_inits()) init(env, exports);
  Napi::Object info = Napi::Object::New(env);
  info.Set("threads", Napi::Number::New(env, zkpop::thread_count()));
  info.Set("compiler", Napi::String::New(env, __VERSION__));
  // Whether field products use the BMI2/ADX code (false: portable C++, or ZKPOP_NO_ADX=1).
  info.Set("mulx", Napi::Boolean::New(env, zkpop::kUseAdx));
  exports.Set("buildInfo", info);
  return exports;
}

}  // namespace

NODE_API_MODULE(zkpop_native, Init)
