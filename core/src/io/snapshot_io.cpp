#include "rcmae/io/snapshot_io.h"

#include <QDataStream>
#include <QFile>
#include <QSaveFile>
#include <algorithm>
#include <cstdio>

#include "rcmae/run/run_files.h"

namespace rcmae {
namespace {

constexpr quint32 kMagic = 0x52434d53;  // "RCMS"
// Version 2 adds the encoders' attention maps; version 1 files still load, without them.
constexpr quint32 kVersion = 2;
constexpr quint32 kFirstVersionWithAttention = 2;

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

void write_attention(QDataStream& out, const AttentionMaps& maps) {
  out << qint32(maps.layers) << qint32(maps.heads) << qint32(maps.tokens);
  write_vector(out, maps.cls_attention);
  write_vector(out, maps.rollout);
}

bool read_attention(QDataStream& in, AttentionMaps& maps) {
  qint32 layers = 0, heads = 0, tokens = 0;
  in >> layers >> heads >> tokens;
  maps.layers = layers;
  maps.heads = heads;
  maps.tokens = tokens;
  if (!read_vector(in, maps.cls_attention) || !read_vector(in, maps.rollout)) return false;
  // A file whose sizes disagree with its shape would index past the buffers.
  const size_t row = size_t(std::max(0, layers)) * std::max(0, heads) * std::max(0, tokens);
  return maps.cls_attention.empty() ||
         (row > 0 && maps.cls_attention.size() % row == 0 &&
          maps.rollout.size() == maps.cls_attention.size() / row * size_t(tokens));
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
  write_attention(out, s.student_attention);
  write_attention(out, s.teacher_attention);
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
  if (magic != kMagic || version < 1 || version > kVersion) return std::nullopt;
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
  const bool ok =
      read_vector(in, s.original) && read_vector(in, s.masked) && read_vector(in, s.student) &&
      read_vector(in, s.teacher) && read_vector(in, s.pasted) && read_vector(in, s.patch_error) &&
      read_vector(in, s.mask) &&
      (version < kFirstVersionWithAttention ||
       (read_attention(in, s.student_attention) && read_attention(in, s.teacher_attention)));
  if (!ok || in.status() != QDataStream::Ok) return std::nullopt;
  return s;
}

qint64 snapshot_bytes(const ReconstructionSnapshot& s) {
  const qint64 floats =
      qint64(s.original.size() + s.masked.size() + s.student.size() + s.teacher.size() +
             s.pasted.size() + s.patch_error.size() + s.student_attention.cls_attention.size() +
             s.student_attention.rollout.size() + s.teacher_attention.cls_attention.size() +
             s.teacher_attention.rollout.size());
  return floats * qint64(sizeof(float)) + qint64(s.mask.size()) + qint64(sizeof(s));
}

std::filesystem::path snapshot_file(const std::filesystem::path& run_dir, int64_t step) {
  return run_dir / run_files::kSnapshots / run_files::snapshot_name(step);
}

bool save_run_snapshot(const std::filesystem::path& run_dir, const ReconstructionSnapshot& snapshot,
                       QString* error) {
  const std::filesystem::path file = snapshot_file(run_dir, snapshot.step);
  std::error_code failed;
  std::filesystem::create_directories(file.parent_path(), failed);
  if (failed) {
    if (error)
      *error = QString::fromStdString(file.parent_path().string() + ": " + failed.message());
    return false;
  }
  return save_snapshot(QString::fromStdString(file.string()), snapshot, error);
}

}  // namespace rcmae
