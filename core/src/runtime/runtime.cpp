#include "rcmae/runtime/runtime.h"

#include <spdlog/spdlog.h>

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

torch::Device resolve_device(const std::string& name) {
  if (name == "cuda") {
    if (!torch::cuda::is_available())
      throw std::invalid_argument("--device: cuda requested but no CUDA device is available");
    return torch::Device(torch::kCUDA);
  }
  if (name == "auto" && torch::cuda::is_available()) return torch::Device(torch::kCUDA);
  return torch::Device(torch::kCPU);
}

}  // namespace rcmae
