#include "sweep/sweep_tab.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTimer>
#include <cmath>
#include <filesystem>

#include "rcmae/run/run_files.h"
#include "rcmae/sweep/loss_curve.h"
#include "rcmae/sweep/sweep_report.h"
#include "sweep/sweep_curves_plot.h"
#include "sweep/sweep_heat_map.h"
#include "sweep/sweep_parallel_plot.h"

namespace rcmae::ui {

namespace {

// What the editor offers first: the paper's question on the dataset every install has.
struct AxisDefault {
  const char* axis;
  const char* values;
};
constexpr AxisDefault kAxisDefaults[] = {{"mask-ratio", "0.5,0.75,0.9"},
                                         {"momentum", "0.99,0.996,0.999"},
                                         {"gamma", ""},
                                         {"base-lr", ""},
                                         {"mode", ""},
                                         {"seed", ""}};
constexpr const char* kDefaultOptions =
    "--dataset fashion-mnist --img 28 --channels 1 --patch 4 --preset tiny --batch 32";

// The metric choices in the order of the combo box, after its first entry: "auto"
// (default_sweep_metric: what the points learned, as `rcmae sweep --report` ranks them).
const SweepMetric kMetrics[] = {SweepMetric::Probe,     SweepMetric::FinalKnn,
                                SweepMetric::BestKnn,   SweepMetric::RecNmse,
                                SweepMetric::FinalLoss, SweepMetric::FinalLossRec};

QVector<SweepCurve> curves_of(const SweepReport& report, const QString& folder,
                              const QString& colour_axis) {
  QVector<SweepCurve> curves;
  for (const SweepRow& row : report.rows) {
    const LossCurve losses = read_loss_curve(std::filesystem::path(folder.toStdString()) /
                                             row.point.name / run_files::kMetrics);
    SweepCurve curve;
    curve.point = QString::fromStdString(row.point.name);
    curve.colour_value = QString::fromStdString(row.point.value(colour_axis.toStdString()));
    for (size_t i = 0; i < losses.size(); ++i)
      if (std::isfinite(losses[i])) {
        curve.steps << double(i + 1);
        curve.losses << losses[i];
      }
    if (!curve.steps.isEmpty()) curves << curve;
  }
  return curves;
}

QString status_line(const SweepReport& report) {
  int done = 0, stopped = 0, running = 0;
  for (const SweepRow& row : report.rows) {
    done += row.status.done();
    stopped += row.status.state == PointState::StoppedEarly;
    running += row.status.state == PointState::InProgress;
  }
  return QString("%1 of %2 points done (%3 stopped early), %4 in progress")
      .arg(done)
      .arg(report.rows.size())
      .arg(stopped)
      .arg(running);
}

}  // namespace

SweepTab::SweepTab(QWidget* parent) : QWidget(parent) {
  // The editor scrolls rather than widening the window: a tab's minimum width is the
  // whole window's, next to the settings dock.
  auto* editor = new QScrollArea;
  editor->setWidget(buildEditor());
  editor->setWidgetResizable(true);
  editor->setFrameShape(QFrame::NoFrame);
  editor->setMinimumWidth(220);
  auto* splitter = new QSplitter(Qt::Horizontal);
  splitter->addWidget(editor);
  splitter->addWidget(buildViews());
  splitter->setStretchFactor(1, 1);
  splitter->setSizes({440, 760});  // the editor at full width when the window has room
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(splitter);
  watch_ = new QTimer(this);
  watch_->setInterval(2000);  // a point's metrics grow by a few rows a second at most
  connect(watch_, &QTimer::timeout, this, &SweepTab::reload);
}

SweepTab::~SweepTab() {
  if (process_ && process_->state() != QProcess::NotRunning) {
    stopSweep();
    process_->waitForFinished(10000);  // the point in progress saves its checkpoint
  }
}

QWidget* SweepTab::buildEditor() {
  auto* editor = new QWidget;
  auto* form = new QFormLayout(editor);
  for (const AxisDefault& d : kAxisDefaults) {
    auto* edit = new QLineEdit(d.values);
    edit->setObjectName(d.axis);
    edit->setPlaceholderText("not swept (e.g. V1,V2,V3)");
    edit->setToolTip(
        QString("Comma-separated values of %1; empty: every point uses the base setting")
            .arg(d.axis));
    axis_edits_ << edit;
    form->addRow(d.axis, edit);
  }
  steps_ = new QSpinBox;
  steps_->setRange(1, 10000000);
  steps_->setValue(300);
  form->addRow("steps per point", steps_);
  extra_options_ = new QLineEdit(kDefaultOptions);
  extra_options_->setToolTip("Any other `rcmae train` option, the same for every point");
  form->addRow("other options", extra_options_);
  early_stop_ = new QCheckBox("stop points worse than the median (docs/SWEEPS.md)");
  form->addRow("early stopping", early_stop_);
  folder_edit_ = new QLineEdit(QDir::home().filePath("rcmae-runs/sweep"));
  auto* browse = new QPushButton("Browse…");
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString dir =
        QFileDialog::getExistingDirectory(this, "Sweep folder", folder_edit_->text());
    if (!dir.isEmpty()) folder_edit_->setText(dir);
  });
  auto* folder_row = new QHBoxLayout;
  folder_row->addWidget(folder_edit_, 1);
  folder_row->addWidget(browse);
  form->addRow("sweep folder", folder_row);
  run_button_ = new QPushButton("Run sweep");
  stop_button_ = new QPushButton("Stop");
  stop_button_->setEnabled(false);
  auto* open_button = new QPushButton("Open folder");
  open_button->setToolTip("Show a sweep folder without running it");
  connect(run_button_, &QPushButton::clicked, this, &SweepTab::startSweep);
  connect(stop_button_, &QPushButton::clicked, this, &SweepTab::stopSweep);
  connect(open_button, &QPushButton::clicked, this, [this] { openSweep(folder_edit_->text()); });
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(run_button_);
  buttons->addWidget(stop_button_);
  buttons->addWidget(open_button);
  form->addRow(buttons);
  status_ = new QLabel("No sweep open.");
  status_->setWordWrap(true);
  form->addRow(status_);
  addViewChoices(form);
  return editor;
}

// What the plots show, under the editor: a row above the plots would set the tab's (and so
// the window's) minimum width.
void SweepTab::addViewChoices(QFormLayout* form) {
  metric_ = new QComboBox;
  metric_->addItem("auto: probe, else kNN (what was learned)");
  for (SweepMetric metric : kMetrics) metric_->addItem(QString::fromStdString(to_string(metric)));
  metric_->setToolTip(
      "auto: the points' linear-probe accuracy (teacher; student in MAE mode) from quality.csv, "
      "else "
      "kNN, else the held-out reconstruction NMSE; the final loss only when no point measured any");
  x_axis_ = new QComboBox;
  y_axis_ = new QComboBox;
  colour_axis_ = new QComboBox;
  form->addRow("heat map metric", metric_);
  form->addRow("heat map x", x_axis_);
  form->addRow("heat map y", y_axis_);
  form->addRow("curve colour", colour_axis_);
  for (QComboBox* box : {metric_, x_axis_, y_axis_, colour_axis_})
    connect(box, &QComboBox::currentIndexChanged, this, &SweepTab::reload);
}

QWidget* SweepTab::buildViews() {
  auto* plots = new QSplitter(Qt::Vertical);
  heat_map_ = new SweepHeatMap;
  curves_ = new SweepCurvesPlot;
  parallel_ = new SweepParallelPlot;
  auto* lower = new QTabWidget;
  lower->addTab(curves_, "Loss curves");
  lower->addTab(parallel_, "Parallel coordinates");
  plots->addWidget(heat_map_);
  plots->addWidget(lower);
  connect(heat_map_, &SweepHeatMap::pointClicked, this, &SweepTab::selectPoint);
  return plots;
}

QLineEdit* SweepTab::axisEdit(const QString& axis) const {
  for (QLineEdit* edit : axis_edits_)
    if (edit->objectName() == axis) return edit;
  return nullptr;
}

QStringList SweepTab::sweepArguments() const {
  QStringList args{"sweep"};
  for (const QLineEdit* edit : axis_edits_) {
    const QString values = edit->text().simplified().remove(' ');
    if (!values.isEmpty()) args << "--grid" << edit->objectName() + "=" + values;
  }
  args << "--steps" << QString::number(steps_->value());
  args << QProcess::splitCommand(extra_options_->text());
  if (early_stop_->isChecked()) args << "--early-stop";
  args << "--out" << folder_edit_->text();
  return args;
}

QString SweepTab::cliProgram() {
  const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath("rcmae");
  if (QFileInfo(beside).isExecutable()) return beside;
  return QStandardPaths::findExecutable("rcmae");
}

void SweepTab::startSweep() {
  if (process_ && process_->state() != QProcess::NotRunning) return;
  const QString program = cliProgram();
  if (program.isEmpty()) {
    status_->setText("rcmae was not found next to the workbench or on PATH.");
    return;
  }
  if (!process_) {
    process_ = new QProcess(this);
    process_->setProcessChannelMode(QProcess::MergedChannels);
    connect(process_, &QProcess::readyRead, this, &SweepTab::appendProcessOutput);
    connect(process_, &QProcess::finished, this, [this](int code) {
      run_button_->setEnabled(true);
      stop_button_->setEnabled(false);
      reload();
      status_->setText(
          status_->text() +
          (code == 0 ? "\nSweep finished."
                     : QString("\nrcmae stopped (exit code %1); Run continues it.").arg(code)));
      Q_EMIT sweepFinished(code);
    });
  }
  folder_ = folder_edit_->text();
  process_->start(program, sweepArguments());
  run_button_->setEnabled(false);
  stop_button_->setEnabled(true);
  status_->setText("Starting " + program + " …");
  watch_->start();
}

bool SweepTab::isRunning() const { return process_ && process_->state() != QProcess::NotRunning; }

void SweepTab::stopSweep() {
  // SIGTERM, which `rcmae sweep` treats as Ctrl-C: the point in progress saves its
  // checkpoint first.
  if (process_ && process_->state() == QProcess::Running) process_->terminate();
}

void SweepTab::appendProcessOutput() {
  // The last progress line carries the sweep's ETA; earlier lines are in the folder's files.
  const QStringList lines =
      QString::fromLocal8Bit(process_->readAll()).split('\n', Qt::SkipEmptyParts);
  if (lines.isEmpty()) return;
  QString line = lines.last();
  const int tag = int(line.indexOf("] "));
  if (line.startsWith('[') && tag > 0) line = line.mid(line.indexOf("] ", tag + 2) + 2);
  status_->setText(line.trimmed());
}

bool SweepTab::openSweep(const QString& folder) {
  if (!QFileInfo::exists(QDir(folder).filePath(sweep_file_name()))) {
    status_->setText(folder + " holds no " + sweep_file_name() + ".");
    return false;
  }
  folder_ = folder;
  folder_edit_->setText(folder);
  reload();
  watch_->start();
  return true;
}

void SweepTab::refillAxisChoices(const QStringList& axes) {
  auto refill = [&](QComboBox* box, const QString& wanted) {
    const QSignalBlocker quiet(box);
    const QString keep = box->currentText().isEmpty() ? wanted : box->currentText();
    box->clear();
    box->addItems(axes);
    box->setCurrentIndex(std::max(0, int(axes.indexOf(keep))));
  };
  QStringList current;
  for (int i = 0; i < x_axis_->count(); ++i) current << x_axis_->itemText(i);
  if (current == axes) return;
  refill(x_axis_, axes.value(0));
  refill(y_axis_, axes.value(1, axes.value(0)));
  refill(colour_axis_, axes.value(1, axes.value(0)));
  if (axes.size() > 1 && y_axis_->currentText() == x_axis_->currentText())
    y_axis_->setCurrentIndex(1);
}

void SweepTab::reload() {
  if (folder_.isEmpty()) return;
  try {
    const SweepReport report = load_sweep_report(folder_.toStdString());
    QStringList axes;
    for (const std::string& axis : swept_axes(report)) axes << QString::fromStdString(axis);
    refillAxisChoices(axes);
    const bool automatic = metric_->currentIndex() <= 0;
    const SweepMetric metric =
        automatic ? default_sweep_metric(report) : kMetrics[metric_->currentIndex() - 1];
    const QString x = x_axis_->currentText();
    const QString y =
        axes.size() > 1 && y_axis_->currentText() != x ? y_axis_->currentText() : QString();
    const HeatMapGrid grid = heat_map_grid(report, metric, x.toStdString(), y.toStdString());
    heat_map_->setGrid(grid);
    curves_->setCurves(curves_of(report, folder_, colour_axis_->currentText()),
                       colour_axis_->currentText());
    curves_->highlight(selected_point_);
    parallel_->setReport(report, metric);
    if (!process_ || process_->state() == QProcess::NotRunning)
      status_->setText(
          status_line(report) + "\nBest: " + QString::fromStdString(best_cell_text(grid)) +
          (automatic ? "\n" + QString::fromStdString(default_metric_reason(report)) : QString()));
  } catch (const std::exception& error) {
    status_->setText(QString("Cannot read the sweep: ") + error.what());
  }
}

void SweepTab::selectPoint(const QString& point) {
  selected_point_ = point;
  curves_->highlight(point);
}

}  // namespace rcmae::ui
