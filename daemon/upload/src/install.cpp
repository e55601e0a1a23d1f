// From a list of entries to files on disk: every check that needs no content
// runs before the first byte is written.
#include <span>
#include <unordered_map>

#include "entry.hpp"
#include "names.hpp"
#include "staging.hpp"

namespace upload::detail {
namespace {

// Finder adds resource forks under this top-level folder; they are never
// part of what the author meant to upload.
constexpr std::string_view kMacResourceFolder = "__MACOSX";
constexpr std::size_t kPiece = 1 << 20;

struct Planned {
  std::size_t index = 0;                // into the entries
  std::vector<std::string> components;  // after stripping the root
};

struct Plan {
  std::vector<Planned> entries;
  std::string root;
};

// The folder every entry sits under, or empty. A lone top-level file means
// there is none: an MCQ set uploaded as one file keeps its place.
std::string common_root(const std::vector<Entry>& entries, const std::vector<Planned>& planned) {
  std::string root;
  bool anything_inside = false;
  for (const Planned& candidate : planned) {
    const std::vector<std::string>& path = candidate.components;
    if (path.empty()) continue;  // "./": dest itself
    if (root.empty()) root = path.front();
    if (path.front() != root) return {};
    if (path.size() == 1 && entries[candidate.index].kind != EntryKind::Folder) return {};
    anything_inside = anything_inside || path.size() > 1;
  }
  return anything_inside ? root : std::string();
}

// Files and folders by their final path, to catch duplicates and a name used
// as both a file and a folder before anything is written.
class Tree {
 public:
  explicit Tree(const Limits& limits) : limits_(limits) {}

  std::optional<UnpackError> add(const Entry& entry, const std::vector<std::string>& path) {
    std::string prefix;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
      if (!prefix.empty()) prefix += '/';
      prefix += path[i];
      const auto [node, added] =
          nodes_.try_emplace(prefix, Node{EntryKind::Folder, false, entry.name});
      if (node->second.kind == EntryKind::File) {
        return entry_error(entry.name,
                           "it would sit inside the file " + quote_name(node->second.name));
      }
      if (added && nodes_.size() > limits_.max_files) return too_many(entry);
    }
    const auto [node, added] = nodes_.try_emplace(join(path), Node{entry.kind, true, entry.name});
    if (added && nodes_.size() > limits_.max_files) return too_many(entry);
    if (added) return std::nullopt;
    Node& existing = node->second;
    if (existing.kind == EntryKind::Folder && entry.kind == EntryKind::Folder && !existing.listed) {
      existing.listed = true;  // a folder listed after its contents
      existing.name = entry.name;
      return std::nullopt;
    }
    if (existing.kind == entry.kind) {
      return entry_error(entry.name, "a duplicate of " + quote_name(existing.name));
    }
    if (existing.kind == EntryKind::File) {
      return entry_error(entry.name, "the same path as the file " + quote_name(existing.name));
    }
    return entry_error(entry.name, std::string("the same path as ") +
                                       (existing.listed ? "the folder " : "a folder in ") +
                                       quote_name(existing.name));
  }

 private:
  struct Node {
    EntryKind kind;
    bool listed;            // an entry of its own, not only implied by a longer path
    std::string_view name;  // the entry that listed or implied it, for messages
  };

  [[nodiscard]] UnpackError too_many(const Entry& entry) const {
    return entry_error(entry.name, "the upload would hold more than the " +
                                       std::to_string(limits_.max_files) +
                                       " files and folders allowed");
  }

  const Limits& limits_;
  std::unordered_map<std::string, Node> nodes_;
};

UnpackError over_file_limit(std::string_view name, const Limits& limits) {
  return entry_error(
      name, "over the " + std::to_string(limits.max_file_bytes) + "-byte limit for one file");
}

UnpackError over_total_limit(std::string_view name, const Limits& limits) {
  return entry_error(name, "the upload unpacks to more than the " +
                               std::to_string(limits.max_total_bytes) + "-byte limit in total");
}

std::optional<UnpackError> check_limits(const Entry& entry,
                                        const std::vector<std::string>& components,
                                        const Limits& limits, std::uint64_t& declared_total) {
  if (components.size() > limits.max_depth) {
    return entry_error(entry.name, "nested " + std::to_string(components.size()) +
                                       " deep, over the limit of " +
                                       std::to_string(limits.max_depth));
  }
  const std::size_t length = join(components).size();
  if (length > limits.max_path_length) {
    return entry_error(entry.name, "the path is " + std::to_string(length) +
                                       " bytes long, over the limit of " +
                                       std::to_string(limits.max_path_length));
  }
  if (entry.kind == EntryKind::File) {
    if (entry.size > limits.max_file_bytes) return over_file_limit(entry.name, limits);
    // declared_total never exceeds the limit, so the subtraction cannot wrap.
    if (entry.size > limits.max_total_bytes - declared_total) {
      return over_total_limit(entry.name, limits);
    }
    declared_total += entry.size;
  }
  return std::nullopt;
}

std::variant<Plan, UnpackError> plan_tree(const std::vector<Entry>& entries, const Limits& limits) {
  std::vector<Planned> candidates;
  candidates.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto split = split_path(entries[i].name, entries[i].kind);
    if (auto* problem = std::get_if<std::string>(&split)) {
      return entry_error(entries[i].name, *problem);
    }
    auto& components = std::get<std::vector<std::string>>(split);
    if (!components.empty() && components.front() == kMacResourceFolder) continue;
    candidates.push_back({i, std::move(components)});
  }

  Plan plan;
  plan.root = common_root(entries, candidates);
  Tree tree(limits);
  std::uint64_t declared_total = 0;
  bool any_file = false;
  for (Planned& candidate : candidates) {
    if (!plan.root.empty()) candidate.components.erase(candidate.components.begin());
    if (candidate.components.empty()) continue;  // the root or "./": dest itself
    const Entry& entry = entries[candidate.index];
    if (auto error = check_limits(entry, candidate.components, limits, declared_total)) {
      return *error;
    }
    if (auto error = tree.add(entry, candidate.components)) return *error;
    any_file = any_file || entry.kind == EntryKind::File;
    plan.entries.push_back(std::move(candidate));
  }
  if (!any_file) return UnpackError{"the upload holds no files"};
  return plan;
}

// Counts what goes to disk and refuses the piece that would cross a limit,
// whatever size the archive declared.
class FileSink final : public Sink {
 public:
  FileSink(int fd, std::string_view name, const Limits& limits, std::size_t& total)
      : fd_(fd), name_(name), limits_(limits), total_(total) {}

  std::optional<UnpackError> write(std::string_view piece) override {
    if (piece.size() > limits_.max_file_bytes - written_) return over_file_limit(name_, limits_);
    if (piece.size() > limits_.max_total_bytes - total_) return over_total_limit(name_, limits_);
    if (auto problem = write_all(fd_, piece)) {
      return entry_error(name_, "cannot write to the staging folder: " + *problem);
    }
    written_ += piece.size();
    total_ += piece.size();
    return std::nullopt;
  }

 private:
  int fd_;
  std::string_view name_;
  const Limits& limits_;
  std::size_t& total_;
  std::size_t written_ = 0;
};

std::optional<UnpackError> write_plan(const Plan& plan, const std::vector<Entry>& entries,
                                      const ContentWriter& content, const Limits& limits,
                                      Staging& staging, Unpacked& result) {
  for (const Planned& planned : plan.entries) {
    const Entry& entry = entries[planned.index];
    if (entry.kind == EntryKind::Folder) {
      if (auto error = staging.make_folders(planned.components, entry.name)) return error;
      continue;
    }
    auto file = staging.create_file(planned.components, entry.name);
    if (auto* error = std::get_if<UnpackError>(&file)) return std::move(*error);
    FileSink sink(std::get<UniqueFd>(file).get(), entry.name, limits, result.bytes);
    if (auto error = content(planned.index, sink)) return error;
    ++result.files;
  }
  return std::nullopt;
}

}  // namespace

std::variant<Unpacked, UnpackError> install(const std::vector<Entry>& entries,
                                            const ContentWriter& content,
                                            const std::filesystem::path& dest,
                                            const Limits& limits) {
  auto plan = plan_tree(entries, limits);
  if (auto* error = std::get_if<UnpackError>(&plan)) return std::move(*error);
  auto staging = Staging::open(dest);
  if (auto* error = std::get_if<UnpackError>(&staging)) return std::move(*error);
  Unpacked result;
  result.root = std::get<Plan>(plan).root;
  if (auto error = write_plan(std::get<Plan>(plan), entries, content, limits,
                              std::get<Staging>(staging), result)) {
    std::get<Staging>(staging).empty_out();
    return std::move(*error);
  }
  return result;
}

std::optional<UnpackError> write_in_pieces(std::string_view bytes, Sink& sink) {
  while (!bytes.empty()) {
    const std::string_view piece = bytes.substr(0, kPiece);
    if (auto error = sink.write(piece)) return error;
    bytes.remove_prefix(piece.size());
  }
  return std::nullopt;
}

}  // namespace upload::detail
