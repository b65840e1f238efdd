#include "rcmae/runtime/runtime.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <thread>
#include <utility>

namespace rcmae {

int physical_core_count() {
  // Count distinct (physical id, core id) pairs; hyper-threads share a core id.
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::set<std::pair<int, int>> cores;
  std::string line;
  int physical = 0;
  while (std::getline(cpuinfo, line)) {
    auto value = [&] { return std::stoi(line.substr(line.find(':') + 1)); };
    if (line.rfind("physical id", 0) == 0) physical = value();
    if (line.rfind("core id", 0) == 0) cores.insert({physical, value()});
  }
  const int logical = static_cast<int>(std::thread::hardware_concurrency());
  if (cores.empty()) return std::max(1, logical);
  return std::max(1, std::min<int>(static_cast<int>(cores.size()), std::max(1, logical)));
}

int configure_threads(int requested) {
  const int threads = requested > 0 ? requested : physical_core_count();
  torch::set_num_threads(threads);
  return torch::get_num_threads();
}

torch::Device choose_device(const std::string& name, int cuda_devices, int local_rank) {
  if (name == "cuda" && cuda_devices < 1)
    throw std::invalid_argument("--device: cuda requested but no CUDA device is available");
  if ((name == "cuda" || name == "auto") && cuda_devices > 0) {
    const int index = local_rank > 0 ? local_rank % cuda_devices : 0;
    return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
  }
  return torch::Device(torch::kCPU);
}

int local_rank_from_environment() {
  const char* value = std::getenv("LOCAL_RANK");
  if (!value || !*value) return -1;
  char* end = nullptr;
  const long rank = std::strtol(value, &end, 10);
  return *end == '\0' && rank >= 0 && rank < 1 << 20 ? static_cast<int>(rank) : -1;
}

torch::Device resolve_device(const std::string& name) {
  const int gpus = torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
  return choose_device(name, gpus, local_rank_from_environment());
}

}  // namespace rcmae
