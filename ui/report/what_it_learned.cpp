#include "report/what_it_learned.h"

#include <cmath>

#include "runs/run_reader.h"
#include "signed_number.h"

namespace rcmae::ui {
namespace {

QString fixed(double value, int decimals) {
  return std::isnan(value) ? "–" : QString::number(value, 'f', decimals);
}

// "65.2 %  ·  raw pixels 64.0 %  ·  +1.2 points"
QString against_pixels(double value, double pixels) {
  if (std::isnan(value)) return "not measured yet";
  QString text = fixed(100 * value, 1) + " %";
  if (std::isnan(pixels)) return text;
  const double points = 100 * (value - pixels);
  return text + QString("  ·  raw pixels %1 %  ·  %2 points")
                    .arg(fixed(100 * pixels, 1), signed_number(points, 1));
}

// kNN and probe are measured less often than the reconstruction: when the last of them is
// older than the last row, say at which step it was taken.
QString measured_at(const RunReader& run, const QString& measure) {
  const QVector<double> values = run.qualitySeries(measure);
  const QVector<double> steps = run.qualityColumn("step");
  for (qsizetype i = values.size() - 1; i >= 0; --i)
    if (!std::isnan(values[i]) && i < steps.size())
      return qint64(steps[i]) == run.qualityStep() ? QString()
                                                   : QString("  (step %1)").arg(qint64(steps[i]));
  return {};
}

}  // namespace

QList<QPair<QString, QString>> what_it_learned(const RunReader& run) {
  if (!run.hasQuality()) return {};
  // The teacher is what RC-MAE is evaluated by; an MAE run has only its student.
  const QString encoder = run.mode() == "mae" ? "student" : "teacher";
  QList<QPair<QString, QString>> rows;
  rows.append({"measured at", QString("step %1  ·  %2 s of training")
                                  .arg(run.qualityStep())
                                  .arg(fixed(run.qualityTrainSeconds(), 0))});
  QString reconstruction = QString("NMSE %1 (%2)").arg(fixed(run.lastQuality("nmse"), 3), encoder);
  const double student_nmse = run.lastQualityColumn("student_nmse");
  if (encoder == "teacher" && !std::isnan(student_nmse))
    reconstruction += QString(", student %1").arg(fixed(student_nmse, 3));
  reconstruction += QString("  ·  PSNR %1 dB").arg(fixed(run.lastQuality("psnr"), 1));
  rows.append({"held-out reconstruction", reconstruction});
  rows.append({"kNN accuracy (" + encoder + ")",
               against_pixels(run.lastQuality("knn"), run.lastQualityColumn("pixel_knn")) +
                   measured_at(run, "knn")});
  rows.append({"linear probe (" + encoder + ")",
               against_pixels(run.lastQuality("probe"), run.lastQualityColumn("pixel_probe")) +
                   measured_at(run, "probe")});
  return rows;
}

QString what_it_learned_note() {
  return "NMSE: error on the hidden patches of held-out images divided by the error of filling "
         "them "
         "with the image's mean visible pixel (1 = no better than that, 0 = perfect). kNN and "
         "probe: "
         "frozen features on held-out images; raw pixels: the same classifiers on the pixels.";
}

}  // namespace rcmae::ui
