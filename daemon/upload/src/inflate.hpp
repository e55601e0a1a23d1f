// zlib's inflate, streaming into a Sink so that output is bounded by whatever
// the sink accepts, never by a size the archive declares.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "entry.hpp"

namespace upload::detail {

enum class Wrapping {
  Raw,   // a zip member's deflate data
  Gzip,  // one or more gzip members; zlib checks each one's CRC-32 and length
};

// Inflates all of `input` into the sink. A sink's refusal is returned as is;
// damaged or truncated data is described by `damaged(problem)`.
std::optional<UnpackError> inflate_into(
    std::string_view input, Wrapping wrapping, Sink& sink,
    const std::function<UnpackError(const std::string& problem)>& damaged);

}  // namespace upload::detail
