// Each binding file registers its own exports, so adding a module touches no shared file
// beyond binding.gyp:
//
//   static void init(Napi::Env env, Napi::Object exports) { exports.Set("f", ...); }
//   ZKPOP_REGISTER(my_module, init)
#pragma once
#include <napi.h>

#include <vector>

namespace zkpop {

using ModuleInit = void (*)(Napi::Env, Napi::Object);

inline std::vector<ModuleInit>& module_inits() {
  static std::vector<ModuleInit> inits;
  return inits;
}

struct ModuleRegistrar {
  explicit ModuleRegistrar(ModuleInit init) { module_inits().push_back(init); }
};

}  // namespace zkpop

#define ZKPOP_REGISTER(name, init) static ::zkpop::ModuleRegistrar zkpop_registrar_##name(init);
