// N-API face of groth16_verify: `new NativeVerifier(keyBytes, nPublic).verify(proofs, signals, n)`
// returns one status byte per proof. Synchronous: a batch of 64 takes milliseconds, and the
// server already verifies in child processes.
#include <napi.h>

#include "groth16_verify.hpp"
#include "registry.hpp"

namespace zkpop {
namespace {

class NativeVerifier : public Napi::ObjectWrap<NativeVerifier> {
 public:
  static void Init(Napi::Env env, Napi::Object exports) {
    exports.Set("NativeVerifier",
                DefineClass(env, "NativeVerifier", {InstanceMethod("verify", &NativeVerifier::Verify)}));
  }

  explicit NativeVerifier(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeVerifier>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 2 || !info[0].IsTypedArray() || !info[1].IsNumber())
      throw Napi::TypeError::New(env, "NativeVerifier(keyBytes: Uint8Array, nPublic: number)");
    Napi::Uint8Array key = info[0].As<Napi::Uint8Array>();
    uint32_t n_public = info[1].As<Napi::Number>().Uint32Value();
    try {
      vk_ = parse_verifying_key(key.Data(), key.ByteLength(), n_public);
    } catch (const std::exception& e) {
      throw Napi::Error::New(env, e.what());
    }
  }

 private:
  Napi::Value Verify(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() < 3 || !info[0].IsTypedArray() || !info[1].IsTypedArray() || !info[2].IsNumber())
      throw Napi::TypeError::New(env, "verify(proofs: Uint8Array, signals: Uint8Array, count: number)");
    Napi::Uint8Array proofs = info[0].As<Napi::Uint8Array>();
    Napi::Uint8Array signals = info[1].As<Napi::Uint8Array>();
    size_t count = info[2].As<Napi::Number>().Uint32Value();
    if (proofs.ByteLength() < count * kProofBytes || signals.ByteLength() < count * vk_.n_public * 32)
      throw Napi::RangeError::New(env, "proof or signal buffer shorter than count requires");
    std::vector<ProofStatus> status;
    try {
      status = verify_proofs(vk_, proofs.Data(), signals.Data(), count);
    } catch (const std::exception& e) {
      throw Napi::Error::New(env, e.what());
    }
    Napi::Uint8Array out = Napi::Uint8Array::New(env, count);
    for (size_t i = 0; i < count; ++i) out[i] = static_cast<uint8_t>(status[i]);
    return out;
  }

  VerifyingKey vk_;
};

void init(Napi::Env env, Napi::Object exports) { NativeVerifier::Init(env, exports); }

}  // namespace
}  // namespace zkpop

ZKPOP_REGISTER(verify, zkpop::init)
