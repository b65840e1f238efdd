#include "dist_options.h"

#include <cstdlib>

namespace rcmae::cli {
namespace {

std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) return std::nullopt;
  return std::string(value);
}

long long parse_int(const std::string& what, const std::string& text) {
  try {
    size_t used = 0;
    long long value = std::stoll(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  throw UsageError(what + ": expected an integer, got '" + text + "'");
}

}  // namespace

const std::set<std::string>& dist_option_names() {
  static const std::set<std::string> names = {"--world-size", "--rank", "--master",
                                              "--dist-timeout", "--dist-interface"};
  return names;
}

std::optional<DistOptions> dist_options_from(const ArgList& args) {
  DistOptions o;
  if (auto v = env("WORLD_SIZE")) o.world_size = int(parse_int("WORLD_SIZE", *v));
  if (auto v = env("RANK")) o.rank = int(parse_int("RANK", *v));
  if (auto v = env("LOCAL_RANK")) o.local_rank = int(parse_int("LOCAL_RANK", *v));
  if (auto v = env("MASTER_ADDR")) o.master_addr = *v;
  if (auto v = env("MASTER_PORT")) o.master_port = int(parse_int("MASTER_PORT", *v));
  o.world_size = int(args.integer("--world-size", o.world_size));
  o.rank = int(args.integer("--rank", o.rank));
  if (args.has("--master")) {
    const std::string master = args.text("--master", "");
    const auto colon = master.rfind(':');
    if (colon == std::string::npos || colon == 0)
      throw UsageError("--master: expected ADDR:PORT, got '" + master + "'");
    o.master_addr = master.substr(0, colon);
    o.master_port = int(parse_int("--master port", master.substr(colon + 1)));
  }
  const double timeout_s = args.number("--dist-timeout", 30.0);
  if (!(timeout_s > 0)) throw UsageError("--dist-timeout: must be > 0 seconds");
  o.timeout = std::chrono::milliseconds(static_cast<long long>(timeout_s * 1000));
  o.interface = args.text("--dist-interface", "");
  if (o.world_size < 1) throw UsageError("--world-size: must be >= 1");
  if (o.rank < 0 || o.rank >= o.world_size)
    throw UsageError("--rank: " + std::to_string(o.rank) + " is not in [0, " +
                     std::to_string(o.world_size) + ")");
  if (o.master_port < 1 || o.master_port > 65535)
    throw UsageError("master port " + std::to_string(o.master_port) + " is not in 1-65535");
  if (o.world_size == 1) return std::nullopt;
  return o;
}

const char* dist_options_help() {
  return R"(Data parallel (train; also read from RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT):
  --world-size W --rank R  ranks in the run and this one's index; --batch is the global batch
  --master ADDR:PORT      rank 0's TCPStore (127.0.0.1:29500)
  --dist-timeout S        rendezvous and collective timeout in seconds (30)
  --dist-interface IF     network interface for Gloo (lo for a loopback master, else hostname)
)";
}

}  // namespace rcmae::cli
