#include "rcmae/eval/pixel_baselines.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <system_error>

#include "rcmae/eval/knn_monitor.h"
#include "rcmae/eval/labelled_eval_set.h"
#include "rcmae/eval/linear_probe.h"

namespace rcmae {
namespace fs = std::filesystem;

namespace {

constexpr const char* kCacheFile = "pixel-baselines.json";

nlohmann::json read_cache(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return nlohmann::json::object();
  try {
    auto json = nlohmann::json::parse(in);
    if (json.is_object()) return json;
  } catch (const nlohmann::json::exception&) {
  }
  spdlog::warn("{}: not a baseline cache (corrupt?); computing the baselines again", file.string());
  return nlohmann::json::object();
}

void write_cache(const fs::path& dir, const nlohmann::json& json) {
  std::error_code error;
  fs::create_directories(dir, error);
  // A name of this process's own: two runs filling the cache at once must not share a file.
  const fs::path temp = dir / (std::string(kCacheFile) + "." + std::to_string(::getpid()) + ".tmp");
  {
    std::ofstream out(temp, std::ios::trunc);
    out << json.dump(2) << '\n';
    if (!out.flush()) {
      spdlog::warn("{}: cannot write the baseline cache; it will be computed again next time",
                   temp.string());
      return;
    }
  }
  fs::rename(temp, dir / kCacheFile, error);
  if (error) spdlog::warn("{}: {}", (dir / kCacheFile).string(), error.message());
}

}  // namespace

fs::path pixel_baseline_cache_dir() {
  if (const char* dir = std::getenv("RCMAE_CACHE_DIR"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return fs::path(xdg) / "rcmae-workbench";
  if (const char* home = std::getenv("HOME"); home && *home)
    return fs::path(home) / ".cache" / "rcmae-workbench";
  return fs::temp_directory_path() / "rcmae-workbench";
}

PixelBaselines compute_pixel_baselines(const LabelledEvalSet& data) {
  torch::NoGradGuard no_grad;
  const KnnOptions knn;  // the same k and temperature the encoders are scored with
  auto bank = data.bank_images().flatten(1);
  auto query = data.query_images().flatten(1);
  PixelBaselines out;
  out.knn = top1_accuracy(
      knn_class_scores(query, bank, data.bank_labels(), data.num_classes(), knn.k, knn.temperature),
      data.query_labels());
  out.probe = LinearProbe::fit(bank, data.bank_labels(), data.num_classes())
                  .accuracy(query, data.query_labels());
  return out;
}

PixelBaselines cached_pixel_baselines(const fs::path& cache_dir, const std::string& key,
                                      const LabelledEvalSet& data) {
  const fs::path file = cache_dir / kCacheFile;
  nlohmann::json cache = read_cache(file);
  if (cache.contains(key)) {
    const auto& entry = cache.at(key);
    if (entry.is_object() && entry.value("knn", -1.0) >= 0 && entry.value("probe", -1.0) >= 0)
      return {entry.at("knn").get<double>(), entry.at("probe").get<double>()};
  }
  const PixelBaselines computed = compute_pixel_baselines(data);
  spdlog::info("raw-pixel baselines for {}: kNN {:.1f}%, linear probe {:.1f}% (cached in {})", key,
               100 * computed.knn, 100 * computed.probe, file.string());
  cache[key] = {{"knn", computed.knn}, {"probe", computed.probe}};
  write_cache(cache_dir, cache);
  return computed;
}

}  // namespace rcmae
