#pragma once
// Checkpoint files: the whole training state in one file, written atomically (temporary
// file, flush, fsync, rename) so a crash or a full disk mid-save leaves the previous
// checkpoint intact.
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>

#include "rcmae/train/train_config.h"

namespace rcmae {

class Trainer;

// A checkpoint that cannot be used: missing, corrupt, foreign or for another model.
class CheckpointError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Test seam: called after the temporary file is written and before it replaces the old
// one. A test throws from it to simulate a crash mid-save.
using BeforeCommitHook = std::function<void(const std::filesystem::path& temporary)>;

void save_checkpoint(Trainer& trainer, const std::filesystem::path& file,
                     const BeforeCommitHook& before_commit = {});

// The configuration stored in a checkpoint (to build a Trainer that can load it).
TrainConfig read_checkpoint_config(const std::filesystem::path& file);

// Restores `trainer` (built with the checkpoint's configuration) to the saved state.
void load_checkpoint(Trainer& trainer, const std::filesystem::path& file);

}  // namespace rcmae
