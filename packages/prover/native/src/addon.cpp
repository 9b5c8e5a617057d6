// Addon entry: runs every module's registered init (see registry.hpp) and adds build info.
#include <napi.h>

#include "parallel.hpp"
#include "registry.hpp"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  for (auto init : zkpop::module_inits()) init(env, exports);
  Napi::Object info = Napi::Object::New(env);
  info.Set("threads", Napi::Number::New(env, zkpop::thread_count()));
  info.Set("compiler", Napi::String::New(env, __VERSION__));
  exports.Set("buildInfo", info);
  return exports;
}

}  // namespace

NODE_API_MODULE(zkpop_native, Init)
