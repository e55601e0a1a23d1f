// When this daemon was last alive, so that the connections it held when it
// crashed or was stopped can be recorded as lost at about that moment: the
// report shows the gap and the outage credit covers the time it was down.
//
// One daemon per data folder (SQLite): with several daemons over one
// database, another daemon may hold the attempt, so nothing is recorded.
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>

#include "proctord/store.hpp"

namespace proctord {

// The modification time of `file` (Unix ms), or nullopt when it is absent.
std::optional<std::int64_t> last_alive(const std::filesystem::path& file);

// Opens (creating) `file` and holds an exclusive lock on it for the life of
// this process: a second proctord on the same data folder is refused (it
// would record the first one's candidates as disconnected). Throws then.
int hold_data_folder(const std::filesystem::path& file);

// Touches the held file `fd` now and every `every_ms` while `io` runs.
void start_heartbeat(boost::asio::io_context& io, int fd, std::int64_t every_ms = 2000);

// For every started attempt still held by a connection (its latest
// connection event is "started", "connected" or "connection_replaced"),
// records a "disconnected" at `ended_at` (or at that event, if later), with
// the detail {"daemon_stopped": true}. Returns how many.
std::size_t record_lost_connections(Store& store, std::int64_t ended_at);

}  // namespace proctord
