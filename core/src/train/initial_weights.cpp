#include "rcmae/train/initial_weights.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "rcmae/io/mae_state_dict.h"

namespace rcmae {

void start_from_weights(MaeVit& model, const std::string& path) {
  WeightsLoaded loaded;
  try {
    loaded = import_state_dict(model, path, DecoderWeights::Optional);
  } catch (const StateDictError& error) {
    // A bad starting point is a bad option: refused before any step, like other options.
    throw std::invalid_argument(std::string("--init-from: ") + error.what());
  }
  if (loaded.decoder)
    spdlog::info("weights from {} (encoder and decoder)", path);
  else
    spdlog::warn(
        "weights from {}: the file has no decoder; the decoder starts from a fresh "
        "initialisation",
        path);
}

}  // namespace rcmae
