#include "views/snapshot_images.h"

#include <algorithm>
#include <array>

namespace rcmae::ui {

QString row_title(SnapshotRow row) {
  switch (row) {
    case SnapshotRow::Original:
      return "Original";
    case SnapshotRow::Masked:
      return "Masked input";
    case SnapshotRow::Student:
      return "Student";
    case SnapshotRow::Teacher:
      return "Teacher (EMA)";
    case SnapshotRow::Pasted:
      return "Visible pasted";
    case SnapshotRow::Error:
      return "Patch error";
  }
  return {};
}

QString row_tooltip(SnapshotRow row) {
  switch (row) {
    case SnapshotRow::Original:
      return "The demo image as the model receives it (eval transform, no augmentation).";
    case SnapshotRow::Masked:
      return "What the encoder sees: hidden patches are shown as grey.";
    case SnapshotRow::Student:
      return "The student's prediction for every patch. Visible patches are dimmed: MAE's loss "
             "scores only\n"
             "the hidden ones, so what the model predicts where it could see is never trained.";
    case SnapshotRow::Teacher:
      return "The EMA teacher's prediction (RC-MAE modes only). The student is pulled towards it "
             "by the\n"
             "consistency loss. Visible patches are dimmed: no loss trains them.";
    case SnapshotRow::Pasted:
      return "Student prediction for hidden patches with the visible original patches pasted back: "
             "the usual MAE figure.";
    case SnapshotRow::Error:
      return "Mean squared error of each patch in target space (bright = worse). Visible patches "
             "are not part of the loss.";
  }
  return {};
}

QImage plane_to_image(const std::vector<float>& data, int index, int channels, int size) {
  const int64_t plane = int64_t(size) * size;
  const float* base = data.data() + int64_t(index) * channels * plane;
  auto to_byte = [](float v) { return uchar(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f); };
  if (channels == 1) {
    QImage image(size, size, QImage::Format_Grayscale8);
    for (int y = 0; y < size; ++y) {
      uchar* line = image.scanLine(y);
      for (int x = 0; x < size; ++x) line[x] = to_byte(base[y * size + x]);
    }
    return image;
  }
  QImage image(size, size, QImage::Format_RGB888);
  for (int y = 0; y < size; ++y) {
    uchar* line = image.scanLine(y);
    for (int x = 0; x < size; ++x)
      for (int c = 0; c < 3; ++c) line[3 * x + c] = to_byte(base[c * plane + y * size + x]);
  }
  return image;
}

QColor heat_color(double t) {
  // Control points sampled from matplotlib's magma.
  static const std::array<QColor, 6> stops = {QColor(0, 0, 4),       QColor(59, 15, 112),
                                              QColor(140, 41, 129),  QColor(222, 73, 104),
                                              QColor(254, 159, 109), QColor(252, 253, 191)};
  t = std::clamp(t, 0.0, 1.0) * (stops.size() - 1);
  const int i = std::min(int(t), int(stops.size()) - 2);
  const double f = t - i;
  const QColor& a = stops[i];
  const QColor& b = stops[i + 1];
  return QColor(int(a.red() + f * (b.red() - a.red())),
                int(a.green() + f * (b.green() - a.green())),
                int(a.blue() + f * (b.blue() - a.blue())));
}

namespace {

QImage heat_image(const ReconstructionSnapshot& s, int index, double max_value) {
  QImage image(s.grid, s.grid, QImage::Format_RGB32);
  const float* errors = s.patch_error.data() + int64_t(index) * s.grid * s.grid;
  for (int y = 0; y < s.grid; ++y)
    for (int x = 0; x < s.grid; ++x)
      image.setPixel(x, y,
                     heat_color(max_value > 0 ? errors[y * s.grid + x] / max_value : 0).rgb());
  return image;
}

// The paper's figure: hidden patches from `predicted`, visible ones from the original.
std::vector<float> paste_visible(const ReconstructionSnapshot& s,
                                 const std::vector<float>& predicted) {
  std::vector<float> out = predicted;
  const int64_t plane = int64_t(s.size) * s.size;
  for (int i = 0; i < s.count; ++i)
    for (int gy = 0; gy < s.grid; ++gy)
      for (int gx = 0; gx < s.grid; ++gx) {
        if (s.mask[size_t(i) * s.grid * s.grid + gy * s.grid + gx]) continue;  // hidden
        for (int c = 0; c < s.channels; ++c)
          for (int y = gy * s.patch; y < (gy + 1) * s.patch; ++y) {
            const int64_t row = (int64_t(i) * s.channels + c) * plane + int64_t(y) * s.size;
            for (int x = gx * s.patch; x < (gx + 1) * s.patch; ++x)
              out[row + x] = s.original[row + x];
          }
      }
  return out;
}

}  // namespace

bool has_paper_view(const ReconstructionSnapshot& s) {
  return s.norm_pix && !s.student_oracle.empty() && s.student_oracle.size() == s.student.size();
}

bool dims_visible_patches(SnapshotRow row) {
  return row == SnapshotRow::Student || row == SnapshotRow::Teacher;
}

SnapshotImages render_snapshot(const ReconstructionSnapshot& s, Placement placement) {
  SnapshotImages out;
  out.step = s.step;
  out.count = s.count;
  out.placement =
      placement == Placement::Paper && has_paper_view(s) ? Placement::Paper : Placement::Honest;
  if (!s.patch_error.empty())
    out.error_max = *std::max_element(s.patch_error.begin(), s.patch_error.end());
  const bool paper = out.placement == Placement::Paper;
  // The paper view's pasted row is built here: the snapshot carries only the honest one.
  std::vector<float> paper_pasted;
  if (paper && s.mask.size() == size_t(s.count) * s.grid * s.grid &&
      s.original.size() == s.student.size())
    paper_pasted = paste_visible(s, s.student_oracle);
  const bool teacher_oracle = paper && s.teacher_oracle.size() == s.teacher.size();
  const std::vector<float>* planes[] = {&s.original, &s.masked,
                                        paper ? &s.student_oracle : &s.student,
                                        teacher_oracle ? &s.teacher_oracle : &s.teacher,
                                        paper && !paper_pasted.empty() ? &paper_pasted : &s.pasted};
  for (int row = 0; row < 5; ++row) {
    if (planes[row]->empty()) continue;
    for (int i = 0; i < s.count; ++i)
      out.rows[row].push_back(plane_to_image(*planes[row], i, s.channels, s.size));
  }
  if (!s.patch_error.empty())
    for (int i = 0; i < s.count; ++i)
      out.rows[int(SnapshotRow::Error)].push_back(heat_image(s, i, out.error_max));
  return out;
}

}  // namespace rcmae::ui
