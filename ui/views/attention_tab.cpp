#include "views/attention_tab.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QImageWriter>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QVBoxLayout>

#include "views/attention_view.h"
#include "views/history_scrubber.h"

namespace rcmae::ui {
namespace {

QLabel* field_label(const QString& text, QWidget* parent) {
  auto* label = new QLabel(text, parent);
  label->setObjectName("hint");
  return label;
}

}  // namespace

AttentionTab::AttentionTab(QWidget* parent) : QWidget(parent) {
  view_ = new AttentionView(this);
  // Its own scrubber over the same snapshots: looking back here leaves the Reconstructions
  // tab live. Without a run folder its spills go to a private temporary folder.
  scrubber_ = new HistoryScrubber(this);

  encoder_ = new QComboBox(this);
  encoder_->setObjectName("attentionEncoder");
  encoder_->addItem(encoder_name(AttentionEncoder::Teacher), int(AttentionEncoder::Teacher));
  encoder_->addItem(encoder_name(AttentionEncoder::Student), int(AttentionEncoder::Student));
  encoder_->setToolTip(
      "Whose attention: the EMA teacher (RC-MAE modes) or the student (every mode).\n"
      "Both see the same images with the same mask.");
  layer_ = new QComboBox(this);
  layer_->setObjectName("attentionLayer");
  layer_->setToolTip(
      "Every layer with the rollout through all of them, or every head of one layer.");
  head_ = new QComboBox(this);
  head_->setObjectName("attentionHead");
  head_->setToolTip("With every layer shown: the mean of the heads, or one head in each layer.");
  save_ = new QPushButton("Save figure…", this);
  save_->setToolTip("Save this grid as a PNG image (Ctrl+S), at twice the size on screen.");

  auto* choices = new QHBoxLayout;
  choices->setSpacing(8);
  choices->addWidget(field_label("Encoder", this));
  choices->addWidget(encoder_);
  choices->addSpacing(8);
  choices->addWidget(field_label("Show", this));
  choices->addWidget(layer_);
  choices->addSpacing(8);
  choices->addWidget(field_label("Heads", this));
  choices->addWidget(head_);
  choices->addStretch(1);
  choices->addWidget(save_);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(10, 10, 10, 8);
  layout->setSpacing(8);
  layout->addLayout(choices);
  layout->addWidget(view_, 1);
  layout->addWidget(scrubber_);

  refillChoices();
  connect(scrubber_, &HistoryScrubber::snapshotChosen, this, &AttentionTab::display);
  for (QComboBox* box : {encoder_, layer_, head_})
    connect(box, &QComboBox::currentIndexChanged, this, &AttentionTab::applyChoices);
  connect(save_, &QPushButton::clicked, this, [this] { saveFigureWithDialog(this); });
}

void AttentionTab::addSnapshot(const session::SnapshotPtr& snapshot) {
  scrubber_->addSnapshot(snapshot);
}

void AttentionTab::display(const session::SnapshotPtr& snapshot) {
  view_->setSnapshot(snapshot);
  refillChoices();
}

void AttentionTab::clear() {
  scrubber_->clear();
  encoder_->setCurrentIndex(0);  // a new run shows its teacher, when it has one
  display(nullptr);
}

void AttentionTab::setTheme(const ViewTheme& theme) { view_->setTheme(theme); }

// The layer and head lists follow the model's shape; the first snapshot of an RC-MAE run
// shows the teacher, of an MAE run the student (the only encoder it has).
void AttentionTab::refillChoices() {
  const auto& snapshot = view_->snapshot();
  const AttentionMaps* maps = nullptr;
  if (snapshot)
    maps = !snapshot->teacher_attention.empty() ? &snapshot->teacher_attention
                                                : &snapshot->student_attention;
  const int layers = maps && !maps->empty() ? maps->layers : 0;
  const int heads = maps && !maps->empty() ? maps->heads : 0;
  const bool has_teacher = snapshot && !snapshot->teacher_attention.empty();
  {
    const QSignalBlocker block_encoder(encoder_);
    if (auto* items = qobject_cast<QStandardItemModel*>(encoder_->model()))
      items->item(0)->setEnabled(has_teacher || !snapshot);
    if (snapshot && !has_teacher) encoder_->setCurrentIndex(1);
  }
  if (layers != layers_ || heads != heads_) {
    const QSignalBlocker block_layer(layer_);
    const QSignalBlocker block_head(head_);
    const int layer = layer_->currentIndex(), head = head_->currentIndex();
    layer_->clear();
    layer_->addItem("Every layer + rollout", -1);
    for (int l = 0; l < layers; ++l) layer_->addItem(QString("Heads of layer %1").arg(l + 1), l);
    head_->clear();
    head_->addItem("Mean of heads", -1);
    for (int h = 0; h < heads; ++h) head_->addItem(QString("Head %1").arg(h + 1), h);
    layer_->setCurrentIndex(layer >= 0 && layer < layer_->count() ? layer : 0);
    head_->setCurrentIndex(head >= 0 && head < head_->count() ? head : 0);
    layers_ = layers;
    heads_ = heads;
  }
  applyChoices();
}

void AttentionTab::applyChoices() {
  AttentionSelection selection;
  selection.encoder = AttentionEncoder(encoder_->currentData().toInt());
  selection.layer = layer_->currentData().toInt();
  selection.head = head_->currentData().toInt();
  head_->setEnabled(selection.layer < 0);  // a layer's heads are all shown
  view_->setSelection(selection);
}

bool AttentionTab::saveFigure(const QString& path, QString* error) {
  QImageWriter writer(path, "png");
  if (writer.write(view_->figure())) return true;
  if (error) *error = path + ": " + writer.errorString();
  return false;
}

QWidget* AttentionTab::currentFigure() const { return view_; }

void AttentionTab::saveFigureWithDialog(QWidget* parent) {
  const QString dir = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
  const QString step =
      view_->snapshot() ? QString("-step-%1").arg(view_->snapshot()->step) : QString();
  const QString path = QFileDialog::getSaveFileName(
      parent, "Save figure", dir + "/attention" + step + ".png", "PNG image (*.png)");
  if (path.isEmpty()) return;
  QString error;
  if (!saveFigure(path, &error)) QMessageBox::warning(parent, "Could not save the figure", error);
}

}  // namespace rcmae::ui
