#include "inflate.hpp"

#include <zlib.h>

#include <algorithm>
#include <vector>

namespace upload::detail {
namespace {

constexpr std::size_t kOutputPiece = 64 << 10;
// zlib counts input in 32-bit units.
constexpr std::size_t kInputPiece = 1 << 30;

class Inflater {
 public:
  explicit Inflater(Wrapping wrapping)
      : ready_(inflateInit2(&stream_, wrapping == Wrapping::Raw ? -MAX_WBITS : MAX_WBITS + 16) ==
               Z_OK) {}
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  ~Inflater() {
    if (ready_) inflateEnd(&stream_);
  }
  [[nodiscard]] bool ready() const { return ready_; }
  z_stream& stream() { return stream_; }

 private:
  z_stream stream_{};
  bool ready_;
};

bool all_zero(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](char byte) { return byte == 0; });
}

bool starts_gzip_member(std::string_view bytes) {
  return bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b';
}

}  // namespace

std::optional<UnpackError> inflate_into(
    std::string_view input, Wrapping wrapping, Sink& sink,
    const std::function<UnpackError(const std::string& problem)>& damaged) {
  Inflater inflater(wrapping);
  if (!inflater.ready()) return damaged("zlib could not start");
  z_stream& stream = inflater.stream();
  std::vector<unsigned char> output(kOutputPiece);
  std::size_t handed = 0;  // bytes of input given to zlib so far
  for (;;) {
    if (stream.avail_in == 0 && handed < input.size()) {
      const std::size_t piece = std::min(input.size() - handed, kInputPiece);
      stream.next_in = reinterpret_cast<const Bytef*>(input.data() + handed);
      stream.avail_in = static_cast<uInt>(piece);
      handed += piece;
    }
    stream.next_out = output.data();
    stream.avail_out = static_cast<uInt>(output.size());
    const int status = inflate(&stream, Z_NO_FLUSH);
    const std::size_t produced = output.size() - stream.avail_out;
    if (produced > 0) {
      const std::string_view piece(reinterpret_cast<const char*>(output.data()), produced);
      if (auto refused = sink.write(piece)) return refused;
    }
    if (status == Z_OK) continue;
    const bool input_left = stream.avail_in > 0 || handed < input.size();
    if (status == Z_BUF_ERROR && input_left) continue;
    if (status == Z_BUF_ERROR) return damaged("the compressed data ends early");
    if (status != Z_STREAM_END) {
      return damaged(stream.msg != nullptr ? stream.msg : "the compressed data is invalid");
    }
    const std::string_view rest = input.substr(handed - stream.avail_in);
    if (rest.empty()) return std::nullopt;
    if (wrapping == Wrapping::Gzip && starts_gzip_member(rest)) {
      inflateReset(&stream);
      continue;
    }
    // Tape-style tools pad a .tar.gz with zeros; anything else is suspect.
    if (wrapping == Wrapping::Gzip && all_zero(rest)) return std::nullopt;
    return damaged("data follows the end of the compressed stream");
  }
}

}  // namespace upload::detail
