#include "rcmae/io/snapshot_io.h"

#include <QDataStream>
#include <QFile>
#include <QSaveFile>

#include <cstdio>

#include "rcmae/io/run_files.h"

namespace rcmae {
namespace {

constexpr quint32 kMagic = 0x52434d53;  // "RCMS"
constexpr quint32 kVersion = 1;

template <typename T>
void write_vector(QDataStream& out, const std::vector<T>& values) {
  out << quint64(values.size());
  out.writeRawData(reinterpret_cast<const char*>(values.data()), int(values.size() * sizeof(T)));
}

template <typename T>
bool read_vector(QDataStream& in, std::vector<T>& values) {
  quint64 count = 0;
  in >> count;
  if (in.status() != QDataStream::Ok || count > (1ull << 28)) return false;
  values.resize(count);
  const int bytes = int(count * sizeof(T));
  return in.readRawData(reinterpret_cast<char*>(values.data()), bytes) == bytes;
}

}  // namespace

bool save_snapshot(const QString& path, const ReconstructionSnapshot& s, QString* error) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) {
    if (error) *error = path + ": " + file.errorString();
    return false;
  }
  QDataStream out(&file);
  out << kMagic << kVersion << qint64(s.step) << qint32(s.count) << qint32(s.channels)
      << qint32(s.size) << qint32(s.patch) << qint32(s.grid) << s.norm_pix << s.mask_ratio;
  write_vector(out, s.original);
  write_vector(out, s.masked);
  write_vector(out, s.student);
  write_vector(out, s.teacher);
  write_vector(out, s.pasted);
  write_vector(out, s.patch_error);
  write_vector(out, s.mask);
  if (!file.commit()) {
    if (error) *error = path + ": " + file.errorString();
    return false;
  }
  return true;
}

std::optional<ReconstructionSnapshot> load_snapshot(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return std::nullopt;
  QDataStream in(&file);
  quint32 magic = 0, version = 0;
  in >> magic >> version;
  if (magic != kMagic || version != kVersion) return std::nullopt;
  ReconstructionSnapshot s;
  qint64 step = 0;
  qint32 count = 0, channels = 0, size = 0, patch = 0, grid = 0;
  in >> step >> count >> channels >> size >> patch >> grid >> s.norm_pix >> s.mask_ratio;
  s.step = step;
  s.count = count;
  s.channels = channels;
  s.size = size;
  s.patch = patch;
  s.grid = grid;
  const bool ok = read_vector(in, s.original) && read_vector(in, s.masked) &&
                  read_vector(in, s.student) && read_vector(in, s.teacher) &&
                  read_vector(in, s.pasted) && read_vector(in, s.patch_error) &&
                  read_vector(in, s.mask);
  if (!ok || in.status() != QDataStream::Ok) return std::nullopt;
  return s;
}

qint64 snapshot_bytes(const ReconstructionSnapshot& s) {
  const qint64 floats = qint64(s.original.size() + s.masked.size() + s.student.size() +
                               s.teacher.size() + s.pasted.size() + s.patch_error.size());
  return floats * qint64(sizeof(float)) + qint64(s.mask.size()) + qint64(sizeof(s));
}

std::filesystem::path snapshot_file(const std::filesystem::path& run_dir, int64_t step) {
  char name[32];
  std::snprintf(name, sizeof name, "step_%08lld.snap", static_cast<long long>(step));
  return run_dir / run_files::kSnapshots / name;
}

bool save_run_snapshot(const std::filesystem::path& run_dir, const ReconstructionSnapshot& snapshot,
                       QString* error) {
  const std::filesystem::path file = snapshot_file(run_dir, snapshot.step);
  std::error_code failed;
  std::filesystem::create_directories(file.parent_path(), failed);
  if (failed) {
    if (error) *error = QString::fromStdString(file.parent_path().string() + ": " + failed.message());
    return false;
  }
  return save_snapshot(QString::fromStdString(file.string()), snapshot, error);
}

}  // namespace rcmae
