#include "rcmae/io/checkpoint.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "rcmae/io/config_json.h"
#include "rcmae/train/trainer.h"

namespace rcmae {
namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "rcmae-checkpoint-v1";

// Writes all bytes and fsyncs, so the rename below publishes complete data only.
void write_durably(const fs::path& file, const std::string& bytes) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) throw CheckpointError(file.string() + ": cannot create: " + std::strerror(errno));
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string reason = std::strerror(errno);
      ::close(fd);
      throw CheckpointError(file.string() + ": write failed (" + reason + ")");
    }
    written += size_t(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0)
    throw CheckpointError(file.string() + ": flush failed (" + std::strerror(errno) + ")");
}

torch::serialize::InputArchive open_archive(const fs::path& file) {
  if (!fs::exists(file)) throw CheckpointError(file.string() + ": no such checkpoint file");
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(file.string());
  } catch (const c10::Error&) {
    throw CheckpointError(file.string() + ": not a readable checkpoint (corrupt or truncated)");
  }
  c10::IValue format;
  if (!archive.try_read("format", format) || !format.isString() || format.toStringRef() != kFormat)
    throw CheckpointError(file.string() + ": not an RC-MAE Workbench checkpoint");
  return archive;
}

}  // namespace

void save_checkpoint(Trainer& trainer, const fs::path& file,
                     const BeforeCommitHook& before_commit) {
  torch::serialize::OutputArchive archive;
  archive.write("format", c10::IValue(std::string(kFormat)));
  archive.write("config", c10::IValue(to_json(trainer.config()).dump()));
  trainer.save_state(archive);
  std::ostringstream bytes;
  archive.save_to(bytes);

  if (file.has_parent_path()) fs::create_directories(file.parent_path());
  const fs::path temporary = file.string() + ".partial";
  try {
    write_durably(temporary, bytes.str());
    if (before_commit) before_commit(temporary);
    fs::rename(temporary, file);
  } catch (...) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw;
  }
}

double checkpoint_interval_s(double every_s, double last_save_s) {
  constexpr double kMaxCostShare = 0.02;
  if (every_s <= 0) return every_s;
  return std::max(every_s, last_save_s / kMaxCostShare);
}

TrainConfig read_checkpoint_config(const fs::path& file) {
  auto archive = open_archive(file);
  c10::IValue config;
  archive.read("config", config);
  TrainConfig saved = train_config_from_json(nlohmann::json::parse(config.toStringRef()));
  // The saved weights already contain where the run started; a Trainer built to receive
  // them must not read that file again (it may have moved since).
  saved.init_from.clear();
  return saved;
}

int64_t read_checkpoint_step(const fs::path& file) {
  auto archive = open_archive(file);
  torch::Tensor step;
  try {
    archive.read("step", step);
  } catch (const c10::Error&) {
    throw CheckpointError(file.string() + ": incomplete checkpoint: no step");
  }
  return step.item<int64_t>();
}

void load_checkpoint(Trainer& trainer, const fs::path& file) {
  auto archive = open_archive(file);
  const TrainConfig saved = read_checkpoint_config(file);
  const nlohmann::json expected = to_json(trainer.config().model);
  if (to_json(saved.model) != expected || saved.mode != trainer.config().mode)
    throw CheckpointError(file.string() + ": checkpoint is for another model (" +
                          to_json(saved.model).dump() + ", mode " + to_string(saved.mode) + ")");
  try {
    trainer.load_state(archive);
  } catch (const c10::Error& error) {
    throw CheckpointError(file.string() +
                          ": incomplete checkpoint: " + error.what_without_backtrace());
  }
}

}  // namespace rcmae
