// What the fuzz targets share: a check that aborts, so that libFuzzer
// keeps the input that broke a property and not only the ones that crash.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace fuzz {

inline void require(bool holds, const char* property) {
  if (holds) return;
  std::fprintf(stderr, "fuzz property broken: %s\n", property);
  std::abort();
}

}  // namespace fuzz
