#include "runs/fork_result_cards.h"

#include <QDir>
#include <QFrame>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "runs/fork_values.h"
#include "signed_number.h"

namespace rcmae::ui {
namespace {

const QString kDash = QString(" %1 ").arg(QChar(0x2013));  // "0.057 – 0.068"

// Decimals that show an interval `width` wide with two significant digits, at least `least`.
int decimals_for(double width, int least) {
  if (!(width > 0) || !std::isfinite(width)) return least;
  return std::clamp(1 - int(std::floor(std::log10(width))), least, 6);
}

enum class MetricKind { Reconstruction, Accuracy, Other };

struct MetricWords {
  QString who;  // "Teacher", "Student"
  MetricKind kind = MetricKind::Other;
  QString noun;  // "kNN accuracy"
};

MetricWords metric_words(const QString& metric) {
  MetricWords w;
  const QString who = metric.section('_', 0, 0);
  if (who == "teacher" || who == "student") w.who = who == "teacher" ? "Teacher" : "Student";
  const QString what = w.who.isEmpty() ? metric : metric.section('_', 1);
  if (what.startsWith("rec")) {
    w.kind = MetricKind::Reconstruction;
    w.noun = "reconstruction error";
  } else if (what == "knn") {
    w.kind = MetricKind::Accuracy;
    w.noun = "kNN accuracy";
  } else if (what == "probe") {
    w.kind = MetricKind::Accuracy;
    w.noun = "linear-probe accuracy";
  } else {
    w.noun = what;
  }
  return w;
}

// A card line in three parts, so that the verdict word alone can be coloured.
struct LineParts {
  QString before, verdict, after;
  QString plain() const { return before + verdict + after; }
};

LineParts describe(const ForkComparisonRow& row) {
  const MetricWords w = metric_words(row.metric);
  const bool accuracy = w.kind == MetricKind::Accuracy;
  const double scale = accuracy ? 100 : 1;  // accuracies in points
  const QString unit = accuracy ? " points" : "";
  const double diff = row.diff * scale, lo = row.lo * scale, hi = row.hi * scale;
  const int decimals = decimals_for(hi - lo, accuracy ? 1 : 3);
  const QString subject = w.who.isEmpty() ? w.noun : w.who + " " + w.noun;
  if (!std::isfinite(diff)) return {subject + ": ", "not measured", ""};
  const bool resolved = row.verdict == "better" || row.verdict == "worse";
  if (resolved && std::isfinite(lo) && std::isfinite(hi)) {
    // As magnitudes: "worse by 0.062 (0.057 – 0.068)".
    const double size = std::abs(diff);
    const double a = diff < 0 ? -hi : lo, b = diff < 0 ? -lo : hi;
    const QString by = QString(" by %1%2 (%3%4%5): resolved")
                           .arg(number_text(size, decimals), unit, number_text(a, decimals), kDash,
                                number_text(b, decimals));
    if (w.kind == MetricKind::Reconstruction)
      return {w.who.isEmpty() ? "Reconstructs " : w.who + " reconstructs ", row.verdict, by};
    return {subject + " is ", row.verdict, by};
  }
  QString interval =
      std::isfinite(lo) && std::isfinite(hi)
          ? QString(", %1 to %2").arg(signed_number(lo, decimals), signed_number(hi, decimals))
          : QString();
  return {subject + ": ", row.verdict.isEmpty() ? QString("can't tell") : row.verdict,
          QString(" (%1%2%3)").arg(signed_number(diff, decimals), unit, interval)};
}

// The line as rich text, its verdict word in the theme's green, red or muted colour.
QString verdict_html(const ForkComparisonRow& row, ThemeName theme) {
  const LineParts parts = describe(row);
  const PlotTheme plot = plot_theme(theme);
  QColor colour = view_theme(theme).muted;                       // can't tell
  if (parts.verdict == "better") colour = plot.series.value(2);  // green
  if (parts.verdict == "worse") colour = plot.series.value(4);   // red
  return QString("%1<span style=\"color:%2; font-weight:600\">%3</span>%4")
      .arg(parts.before.toHtmlEscaped(), colour.name(), parts.verdict.toHtmlEscaped(),
           parts.after.toHtmlEscaped());
}

QString row_tooltip(const ForkComparisonRow& row) {
  const MetricWords w = metric_words(row.metric);
  const bool accuracy = w.kind == MetricKind::Accuracy;
  auto value = [accuracy](double v) {
    return accuracy ? QString::number(100 * v, 'f', 1) + " %" : QString::number(v, 'g', 4);
  };
  QString tip = QString("%1 %2 (%3 is better) on held-out images: control %4, this arm %5.")
                    .arg(w.who.isEmpty() ? QString("The") : w.who + "'s", w.noun,
                         w.kind == MetricKind::Reconstruction ? "lower" : "higher",
                         value(row.control), value(row.value));
  if (!row.method.isEmpty()) tip += "\n95 % interval of the difference: " + row.method + ".";
  tip +=
      "\nResolved: the interval leaves out 0. Can't tell: it holds 0, so this fork cannot say "
      "which is better.";
  return tip;
}

QFrame* make_card(const QString& title, const QString& subtitle, const QStringList& lines,
                  const QStringList& tips, const QString& plain) {
  auto* card = new QFrame;
  card->setObjectName("forkCard");
  card->setFrameShape(QFrame::StyledPanel);
  auto* column = new QVBoxLayout(card);
  column->setContentsMargins(12, 8, 12, 10);
  column->setSpacing(3);
  auto* heading = new QLabel(title);
  heading->setObjectName(kForkCardTitleName);
  heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
  column->addWidget(heading);
  auto* sub = new QLabel(subtitle);
  sub->setObjectName("hint");
  column->addWidget(sub);
  for (int i = 0; i < lines.size(); ++i) {
    auto* line = new QLabel(lines[i]);
    line->setTextFormat(Qt::RichText);
    line->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (i < tips.size()) line->setToolTip(tips[i]);
    column->addWidget(line);
  }
  card->setAccessibleName(title);
  card->setAccessibleDescription(plain);
  return card;
}

}  // namespace

QString describe_fork_row(const ForkComparisonRow& row) { return describe(row).plain(); }

QFrame* make_fork_arm_card(const ForkPlanInfo& plan, const ForkPlanInfo::Arm& arm,
                           const QVector<ForkComparisonRow>& rows, const QStringList& failed,
                           const std::function<QString(const QString&)>& control_value,
                           ThemeName theme, QString* plain) {
  QStringList title_parts;
  for (const auto& [key, value] : arm.settings) {
    const ForkSetting* setting = fork_setting(key);
    const QString name = setting ? setting->short_name : key;
    title_parts << QString("%1 %2 vs %3").arg(name, value, control_value(key));
  }
  const QString title = title_parts.isEmpty()
                            ? QString("%1: the control's own settings").arg(arm.name)
                            : title_parts.join(" · ");
  const QString subtitle =
      QString("arm %1 · %2 steps from step %3%4")
          .arg(arm.name)
          .arg(plan.steps)
          .arg(plan.parent_step)
          .arg(plan.repeats > 1 ? QString(" · %1 replicates").arg(plan.repeats) : QString());
  QStringList lines, tips;
  QString text = title + "\n" + subtitle;
  for (const ForkComparisonRow& row : rows) {
    if (row.arm != arm.name) continue;
    lines << verdict_html(row, theme);
    tips << row_tooltip(row);
    text += "\n" + describe_fork_row(row);
  }
  for (const QString& failure : failed) {
    if (!failure.startsWith(arm.name + " (")) continue;
    const QString line = "Failed: " + failure.mid(arm.name.size() + 1);
    lines << line.toHtmlEscaped();
    tips << QString();
    text += "\n" + line;
  }
  if (lines.isEmpty()) {
    lines << "Not compared: the arm did not finish.";
    text += "\n" + lines.back();
  }
  if (plain) *plain = text;
  return make_card(title, subtitle, lines, tips, text);
}

QString fork_method_text(const QVector<ForkComparisonRow>& rows) {
  const bool one_replicate = !rows.isEmpty() && rows.front().replicates <= 1;
  const QString method =
      rows.isEmpty() || rows.front().method.isEmpty()
          ? QString()
          : rows.front().method.section(" over ", 0, 0) + " over the held-out images; ";
  return QString(
             "Each line: the arm minus the control, with the 95 % interval of that difference "
             "(%1accuracies in points). Resolved: the interval leaves out 0. Can't tell: it "
             "holds 0, so this fork cannot say which is better.%2")
      .arg(method, one_replicate ? " One replicate: the interval leaves out the noise of "
                                   "training itself, so a small difference may not repeat."
                                 : QString());
}

QString fork_done_text(const ForkPlanInfo& plan, double wall_s, const QString& fork_dir) {
  return QString("Done%1: %2 arm%3 against the control, %4 steps each from step %5. Saved in %6.")
      .arg(std::isfinite(wall_s) ? " in " + fork_duration_text(wall_s) : QString())
      .arg(plan.arms.size() - 1)
      .arg(plan.arms.size() > 2 ? "s" : "")
      .arg(plan.steps)
      .arg(plan.parent_step)
      .arg(QDir::toNativeSeparators(fork_dir));
}

QString fork_card_style_sheet(ThemeName theme) {
  const PlotTheme plot = plot_theme(theme);
  return QString(
             "QFrame#forkCard { background: %1; border: 1px solid %2; "
             "border-radius: 8px; }\nQLabel#%3 { font-weight: 600; }")
      .arg(plot.background.name(), plot.grid.name(), QString(kForkCardTitleName));
}

}  // namespace rcmae::ui
