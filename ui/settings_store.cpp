#include "settings_store.h"

#include "gui_defaults.h"

namespace rcmae::ui {
namespace {
// Bump when the meaning of a key changes; old values are then ignored.
constexpr const char* kConfigGroup = "config/v1";
}  // namespace

SettingsStore::SettingsStore() : settings_(std::make_unique<QSettings>()) {}

SettingsStore::SettingsStore(const QString& ini_path)
    : settings_(std::make_unique<QSettings>(ini_path, QSettings::IniFormat)) {}

TrainConfig SettingsStore::trainConfig() const {
  TrainConfig c = gui_default_config();
  QSettings& s = *settings_;
  s.beginGroup(kConfigGroup);
  c.preset = s.value("preset", QString::fromStdString(c.preset)).toString().toStdString();
  ModelConfig shape;
  shape.img_size = s.value("img_size", shape.img_size).toInt();
  shape.channels = s.value("channels", shape.channels).toInt();
  shape.patch = s.value("patch", shape.patch).toInt();
  shape.norm_pix_loss = s.value("norm_pix", shape.norm_pix_loss).toBool();
  // Widths saved before they were settings of their own come from the preset.
  c.model = apply_preset(c.preset, shape).value_or(shape);
  c.model.enc_dim = s.value("enc_dim", c.model.enc_dim).toInt();
  c.model.enc_depth = s.value("enc_depth", c.model.enc_depth).toInt();
  c.model.enc_heads = s.value("enc_heads", c.model.enc_heads).toInt();
  c.model.dec_dim = s.value("dec_dim", c.model.dec_dim).toInt();
  c.model.dec_depth = s.value("dec_depth", c.model.dec_depth).toInt();
  c.model.dec_heads = s.value("dec_heads", c.model.dec_heads).toInt();
  c.recipe = s.value("recipe", QString()).toString().toStdString();
  c.weight_decay = s.value("weight_decay", c.weight_decay).toDouble();
  c.time_budget_s = s.value("time_budget_s", c.time_budget_s).toDouble();
  c.min_crop_scale = s.value("crop_scale", c.min_crop_scale).toDouble();
  c.dataset = s.value("dataset", QString::fromStdString(c.dataset)).toString().toStdString();
  c.mode = teacher_mode_from_string(s.value("mode", "rcmae").toString().toStdString()).value_or(c.mode);
  c.momentum_schedule =
      momentum_schedule_from_string(s.value("momentum_schedule", "constant").toString().toStdString())
          .value_or(c.momentum_schedule);
  c.mask_ratio = s.value("mask_ratio", c.mask_ratio).toDouble();
  c.mask_strategy = s.value("mask_strategy", QString::fromStdString(c.mask_strategy)).toString().toStdString();
  c.momentum = s.value("momentum", c.momentum).toDouble();
  c.gamma = s.value("gamma", c.gamma).toDouble();
  c.base_lr = s.value("base_lr", c.base_lr).toDouble();
  c.warmup_steps = s.value("warmup_steps", qlonglong(c.warmup_steps)).toLongLong();
  c.steps = s.value("steps", qlonglong(c.steps)).toLongLong();
  c.batch = s.value("batch", c.batch).toInt();
  c.seed = s.value("seed", qulonglong(c.seed)).toULongLong();
  c.threads = s.value("threads", c.threads).toInt();
  c.grad_sim_every = s.value("grad_sim_every", c.grad_sim_every).toInt();
  c.feature_pooling =
      s.value("feature_pooling", QString::fromStdString(c.feature_pooling)).toString().toStdString();
  s.endGroup();
  // A stored config that no longer validates (older build, hand edit) falls back whole.
  return validate(c) ? gui_default_config() : c;
}

bool SettingsStore::hasTrainConfig() const {
  return settings_->contains(QString(kConfigGroup) + "/preset");
}

void SettingsStore::setTrainConfig(const TrainConfig& c) {
  QSettings& s = *settings_;
  s.beginGroup(kConfigGroup);
  s.setValue("preset", QString::fromStdString(c.preset));
  s.setValue("img_size", c.model.img_size);
  s.setValue("channels", c.model.channels);
  s.setValue("patch", c.model.patch);
  s.setValue("norm_pix", c.model.norm_pix_loss);
  s.setValue("enc_dim", c.model.enc_dim);
  s.setValue("enc_depth", c.model.enc_depth);
  s.setValue("enc_heads", c.model.enc_heads);
  s.setValue("dec_dim", c.model.dec_dim);
  s.setValue("dec_depth", c.model.dec_depth);
  s.setValue("dec_heads", c.model.dec_heads);
  s.setValue("recipe", QString::fromStdString(c.recipe));
  s.setValue("weight_decay", c.weight_decay);
  s.setValue("time_budget_s", c.time_budget_s);
  s.setValue("crop_scale", c.min_crop_scale);
  s.setValue("dataset", QString::fromStdString(c.dataset));
  s.setValue("mode", QString::fromStdString(to_string(c.mode)));
  s.setValue("momentum_schedule", QString::fromStdString(to_string(c.momentum_schedule)));
  s.setValue("mask_ratio", c.mask_ratio);
  s.setValue("mask_strategy", QString::fromStdString(c.mask_strategy));
  s.setValue("momentum", c.momentum);
  s.setValue("gamma", c.gamma);
  s.setValue("base_lr", c.base_lr);
  s.setValue("warmup_steps", qlonglong(c.warmup_steps));
  s.setValue("steps", qlonglong(c.steps));
  s.setValue("batch", c.batch);
  s.setValue("seed", qulonglong(c.seed));
  s.setValue("threads", c.threads);
  s.setValue("grad_sim_every", c.grad_sim_every);
  s.setValue("feature_pooling", QString::fromStdString(c.feature_pooling));
  s.endGroup();
}

QByteArray SettingsStore::windowGeometry() const { return settings_->value("window/geometry").toByteArray(); }
void SettingsStore::setWindowGeometry(const QByteArray& g) { settings_->setValue("window/geometry", g); }
QByteArray SettingsStore::windowState() const { return settings_->value("window/state").toByteArray(); }
void SettingsStore::setWindowState(const QByteArray& s) { settings_->setValue("window/state", s); }
QString SettingsStore::theme() const { return settings_->value("view/theme", "light").toString(); }
void SettingsStore::setTheme(const QString& theme) { settings_->setValue("view/theme", theme); }
bool SettingsStore::presentationMode() const { return settings_->value("view/presentation", false).toBool(); }
void SettingsStore::setPresentationMode(bool on) { settings_->setValue("view/presentation", on); }
int SettingsStore::snapshotEverySteps() const { return settings_->value("view/snapshot_every", 25).toInt(); }
void SettingsStore::setSnapshotEverySteps(int steps) { settings_->setValue("view/snapshot_every", steps); }
QStringList SettingsStore::runsRoots() const { return settings_->value("runs/roots").toStringList(); }
void SettingsStore::setRunsRoots(const QStringList& folders) { settings_->setValue("runs/roots", folders); }
QStringList SettingsStore::watchedRuns() const { return settings_->value("runs/watched").toStringList(); }
void SettingsStore::setWatchedRuns(const QStringList& folders) { settings_->setValue("runs/watched", folders); }
void SettingsStore::sync() { settings_->sync(); }

}  // namespace rcmae::ui
