// Exposes the field, curve, MSM and NTT code to JavaScript on decimal strings, so tests can
// compare it against ffjavascript/mcl. Not used on the proving path (too slow for that).
#include <napi.h>

#include <string>
#include <vector>

#include "bigint.hpp"
#include "curve.hpp"
#include "msm.hpp"
#include "msm_tables.hpp"
#include "ntt.hpp"
#include "registry.hpp"

namespace zkpop {
namespace {

std::string str(const Napi::Value& v) { return v.As<Napi::String>().Utf8Value(); }

template <class F>
Napi::Value field_op(const Napi::CallbackInfo& info) {
  std::string op = str(info[0]);
  F a = field_from_decimal<F>(str(info[1]));
  F b = info.Length() > 2 ? field_from_decimal<F>(str(info[2])) : F::zero();
  F r;
  if (op == "add") r = a + b;
  else if (op == "sub") r = a - b;
  else if (op == "mul") r = a * b;
  else if (op == "sqr") r = a.sqr();
  else if (op == "neg") r = -a;
  else if (op == "inv") r = a.inv();
  else throw Napi::Error::New(info.Env(), "unknown op " + op);
  return Napi::String::New(info.Env(), field_to_decimal(r));
}

Fq2 fq2_in(const Napi::Value& v) {
  Napi::Array a = v.As<Napi::Array>();
  return Fq2{field_from_decimal<Fq>(str(a.Get(0u))), field_from_decimal<Fq>(str(a.Get(1u)))};
}
Napi::Value fq2_out(Napi::Env env, const Fq2& x) {
  Napi::Array a = Napi::Array::New(env, 2);
  a.Set(0u, field_to_decimal(x.c0));
  a.Set(1u, field_to_decimal(x.c1));
  return a;
}

Napi::Value fq2_op(const Napi::CallbackInfo& info) {
  std::string op = str(info[0]);
  Fq2 a = fq2_in(info[1]);
  Fq2 b = info.Length() > 2 ? fq2_in(info[2]) : Fq2::zero();
  Fq2 r;
  if (op == "add") r = a + b;
  else if (op == "sub") r = a - b;
  else if (op == "mul") r = a * b;
  else if (op == "sqr") r = a.sqr();
  else if (op == "inv") r = a.inv();
  else throw Napi::Error::New(info.Env(), "unknown op " + op);
  return fq2_out(info.Env(), r);
}

// Points travel as [x, y] affine, ["0", "0"] for infinity; G2 coordinates are [c0, c1].
G1Affine point_in(const Napi::Value& v, G1Affine*) {
  Napi::Array a = v.As<Napi::Array>();
  return G1Affine{field_from_decimal<Fq>(str(a.Get(0u))), field_from_decimal<Fq>(str(a.Get(1u)))};
}
G2Affine point_in(const Napi::Value& v, G2Affine*) {
  Napi::Array a = v.As<Napi::Array>();
  return G2Affine{fq2_in(a.Get(0u)), fq2_in(a.Get(1u))};
}
Napi::Value coord_out(Napi::Env env, const Fq& x) { return Napi::String::New(env, field_to_decimal(x)); }
Napi::Value coord_out(Napi::Env env, const Fq2& x) { return fq2_out(env, x); }

template <class F>
Napi::Value point_out(Napi::Env env, const Jac<F>& p) {
  Affine<F> a = to_affine(p);
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, coord_out(env, a.x));
  out.Set(1u, coord_out(env, a.y));
  return out;
}

void scalar_in(const Napi::Value& v, u64 out[4]) { from_decimal(str(v), out); }

template <class F>
Napi::Value curve_op(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string op = str(info[0]);
  Affine<F> a = point_in(info[1], static_cast<Affine<F>*>(nullptr));
  Jac<F> p = Jac<F>::from(a);
  if (op == "onCurve") return Napi::Boolean::New(env, is_on_curve(a));
  if (op == "dbl") return point_out(env, dbl(p));
  if (op == "neg") return point_out(env, -p);
  if (op == "add" || op == "addMixed") {
    Affine<F> b = point_in(info[2], static_cast<Affine<F>*>(nullptr));
    return point_out(env, op == "add" ? add(p, Jac<F>::from(b)) : add_mixed(p, b));
  }
  if (op == "mul") {
    u64 k[4];
    scalar_in(info[2], k);
    return point_out(env, mul_plain(p, k));
  }
  throw Napi::Error::New(env, "unknown op " + op);
}

template <class F>
Napi::Value msm_op(const Napi::CallbackInfo& info) {
  Napi::Array pts = info[0].As<Napi::Array>();
  Napi::Array sc = info[1].As<Napi::Array>();
  size_t n = pts.Length();
  std::vector<Affine<F>> points(n);
  std::vector<u64> scalars(4 * n);
  for (size_t i = 0; i < n; ++i) {
    points[i] = point_in(pts.Get(i), static_cast<Affine<F>*>(nullptr));
    scalar_in(sc.Get(i), &scalars[4 * i]);
  }
  // With copies > 1, through shifted copies of the points as a proving key's tables would be.
  int copies = info.Length() > 2 ? info[2].As<Napi::Number>().Int32Value() : 1;
  if (copies != 1 && copies != 2 && copies != 4 && copies != 8)
    throw Napi::RangeError::New(info.Env(), "copies must be 1, 2, 4 or 8");
  std::vector<Affine<F>> table = copies > 1 ? shifted_copies(points, copies, chunk_bits_for(copies))
                                            : std::vector<Affine<F>>();
  MsmPlan<F> plan(bases_with(points, table, copies), reinterpret_cast<const Scalar*>(scalars.data()));
  run_tasks(plan.windows(), [&](size_t w) { plan.run_window(static_cast<int>(w)); });
  return point_out(info.Env(), plan.combine());
}

// Forward (or inverse, scaled by 1/n) NTT of decimal Fr values; length a power of two.
Napi::Value ntt_op(const Napi::CallbackInfo& info) {
  Napi::Array in = info[0].As<Napi::Array>();
  bool inverse = info.Length() > 1 && info[1].ToBoolean();
  size_t n = in.Length();
  int log_n = 0;
  while ((size_t(1) << log_n) < n) ++log_n;
  if ((size_t(1) << log_n) != n) throw Napi::Error::New(info.Env(), "length must be a power of two");
  std::vector<Fr> a(n);
  for (size_t i = 0; i < n; ++i) a[i] = field_from_decimal<Fr>(str(in.Get(i)));
  Ntt ntt(log_n);
  if (inverse) {
    ntt.inverse_unscaled(a.data());
    Fr ni = Fr::from_u64(n).inv();
    for (auto& x : a) x *= ni;
  } else {
    ntt.forward(a.data());
  }
  Napi::Array out = Napi::Array::New(info.Env(), n);
  for (size_t i = 0; i < n; ++i) out.Set(i, field_to_decimal(a[i]));
  return out;
}

void init(Napi::Env env, Napi::Object exports) {
  Napi::Object arith = Napi::Object::New(env);
  arith.Set("fq", Napi::Function::New(env, field_op<Fq>));
  arith.Set("fr", Napi::Function::New(env, field_op<Fr>));
  arith.Set("fq2", Napi::Function::New(env, fq2_op));
  arith.Set("g1", Napi::Function::New(env, curve_op<Fq>));
  arith.Set("g2", Napi::Function::New(env, curve_op<Fq2>));
  arith.Set("g1Msm", Napi::Function::New(env, msm_op<Fq>));
  arith.Set("g2Msm", Napi::Function::New(env, msm_op<Fq2>));
  arith.Set("ntt", Napi::Function::New(env, ntt_op));
  exports.Set("arith", arith);
}

}  // namespace
}  // namespace zkpop

ZKPOP_REGISTER(arith, zkpop::init)
