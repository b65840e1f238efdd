#pragma once
// The baseline a sceptic uses: the same kNN and linear probe, same split, same code, on the
// raw (normalised) pixels instead of encoder features. A feature below these has not learned
// anything the pixels did not already give. Computed once per dataset and evaluation set, and
// cached on disk (a JSON file keyed by everything that changes the numbers).
#include <torch/torch.h>

#include <filesystem>
#include <optional>
#include <string>

namespace rcmae {

class LabelledEvalSet;

struct PixelBaselines {
  double knn = 0;    // weighted kNN top-1 (k 20, cosine, T 0.07)
  double probe = 0;  // linear-probe top-1
};

// $RCMAE_CACHE_DIR, else $XDG_CACHE_HOME/rcmae-workbench, else ~/.cache/rcmae-workbench.
std::filesystem::path pixel_baseline_cache_dir();

// Computes both baselines on `data` directly (no cache).
PixelBaselines compute_pixel_baselines(const LabelledEvalSet& data);

// The cached value for `key` if the cache file holds one, else computes, stores and returns
// it. An unreadable or corrupt cache file is ignored (and rewritten); a cache that cannot be
// written is only logged.
PixelBaselines cached_pixel_baselines(const std::filesystem::path& cache_dir,
                                      const std::string& key, const LabelledEvalSet& data);

}  // namespace rcmae
