#include "checkpoint_keeper.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include <chrono>

#include "rcmae/io/checkpoint.h"
#include "rcmae/io/run_folder.h"
#include "rcmae/train/trainer.h"

namespace rcmae::session {

CheckpointKeeper::CheckpointKeeper(RunFolder* folder, double every_s, int64_t saved_step)
    : folder_(folder), every_s_(every_s), saved_step_(saved_step) {}

std::filesystem::path CheckpointKeeper::file() const {
  return folder_ ? folder_->path() / "checkpoint.ckpt" : std::filesystem::path();
}

bool CheckpointKeeper::periodicSaveDue() const {
  return folder_ && every_s_ > 0 && training_s_ >= checkpoint_interval_s(every_s_, last_save_s_);
}

std::optional<std::string> CheckpointKeeper::save(Trainer& trainer) {
  const int64_t step = trainer.steps_done();
  if (!folder_ || step == saved_step_) return std::nullopt;
  // A failed save also restarts the period: on a full disk, retrying after every step
  // would cost a serialisation per step and flood the log.
  training_s_ = 0;
  try {
    const auto started = std::chrono::steady_clock::now();
    save_checkpoint(trainer, file());
    last_save_s_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  } catch (const std::exception& error) {
    const std::string reason = error.what();
    appendEvent(nlohmann::json{{"step", step}, {"type", "error"},
                               {"message", "checkpoint not saved: " + reason}}.dump());
    return reason;
  }
  saved_step_ = step;
  appendEvent(nlohmann::json{{"step", step}, {"type", "checkpoint"}}.dump());
  spdlog::info("checkpoint saved at step {}: {}", step, file().string());
  return std::nullopt;
}

// The event log may be on the same broken disk as the checkpoint; losing the event must
// not turn a warning into a stopped run.
void CheckpointKeeper::appendEvent(const std::string& json_line) {
  try {
    folder_->append_event(json_line);
  } catch (const std::exception& error) {
    spdlog::warn("events.jsonl: {}", error.what());
  }
}

}  // namespace rcmae::session
