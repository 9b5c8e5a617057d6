{
  "targets": [
    {
      "target_name": "zkpop_native",
      "sources": [
        "src/addon.cpp",
        "src/arith_binding.cpp",
        "src/ntt.cpp",
        "src/zkey.cpp",
        "src/groth16_prove.cpp",
        "src/prove_binding.cpp",
        "src/pairing.cpp",
        "src/groth16_verify.cpp",
        "src/verify_binding.cpp",
        "src/dev_setup.cpp",
        "src/setup_binding.cpp"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_CPP_EXCEPTIONS", "NODE_ADDON_API_CPP_EXCEPTIONS_ALL"],
      "cflags!": ["-fno-exceptions", "-O2"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-O2"],
      "cflags_cc": ["-std=c++17", "-O3", "-fexceptions", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "ldflags": ["-pthread"]
    }
  ]
}
