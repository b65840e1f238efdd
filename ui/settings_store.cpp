#include "settings_store.h"

#include <QHash>

#include "gui_defaults.h"
#include "rcmae/io/train_config_json.h"

namespace rcmae::ui {
namespace {
// The configuration as the codec's JSON (rcmae/io/train_config_json.h), one string: every
// field that config.json has, and a field added there is saved here without a change.
constexpr const char* kConfigKey = "config/v2/json";
// Before v2: flat keys, read once through the codec and removed at the next save.
constexpr const char* kLegacyGroup = "config/v1";

// An INI value (text) as the JSON type the codec writes for that key.
nlohmann::json typed_like(const QVariant& value, const nlohmann::json& like) {
  if (like.is_boolean()) return value.toBool();
  if (like.is_number_unsigned()) return value.toULongLong();
  if (like.is_number_integer()) return value.toLongLong();
  if (like.is_number()) return value.toDouble();
  return value.toString().toStdString();
}

// A v1 group as the codec's JSON: the codec's own key names, model fields flat, two renamed.
nlohmann::json legacy_config_json(QSettings& s, const nlohmann::json& defaults) {
  static const QHash<QString, QString> renamed = {{"norm_pix", "/model/norm_pix_loss"},
                                                  {"crop_scale", "/min_crop_scale"}};
  nlohmann::json out = nlohmann::json::object();
  s.beginGroup(kLegacyGroup);
  for (const QString& key : s.childKeys()) {
    QString pointer = renamed.value(key, "/" + key);
    if (!defaults.contains(nlohmann::json::json_pointer(pointer.toStdString())))
      pointer = "/model/" + key;
    const nlohmann::json::json_pointer at(pointer.toStdString());
    if (defaults.contains(at)) out[at] = typed_like(s.value(key), defaults.at(at));
  }
  s.endGroup();
  return out;
}

TrainConfig legacy_config(QSettings& s, const TrainConfig& defaults) {
  const nlohmann::json json = legacy_config_json(s, to_json(defaults));
  TrainConfig c = train_config_from_json(json, defaults);
  // Widths saved before they were settings of their own come from the preset.
  if (!json.contains(nlohmann::json::json_pointer("/model/enc_dim")))
    c.model = apply_preset(c.preset, c.model).value_or(c.model);
  return c;
}
}  // namespace

SettingsStore::SettingsStore() : settings_(std::make_unique<QSettings>()) {}

SettingsStore::SettingsStore(const QString& ini_path)
    : settings_(std::make_unique<QSettings>(ini_path, QSettings::IniFormat)) {}

TrainConfig SettingsStore::trainConfig() const {
  const TrainConfig defaults = gui_default_config();
  TrainConfig c = defaults;
  try {
    if (settings_->contains(kConfigKey))
      c = train_config_from_json(
          nlohmann::json::parse(settings_->value(kConfigKey).toString().toStdString()), defaults);
    else if (hasTrainConfig())
      c = legacy_config(*settings_, defaults);
  } catch (const std::exception&) {  // not JSON, or a value of the wrong type (hand edit)
    return defaults;
  }
  // A stored config that no longer validates (older build, hand edit) falls back whole.
  return validate(c) ? defaults : c;
}

bool SettingsStore::hasTrainConfig() const {
  return settings_->contains(kConfigKey) || settings_->contains(QString(kLegacyGroup) + "/preset");
}

void SettingsStore::setTrainConfig(const TrainConfig& config) {
  // A starting point (--init-from) is for the launch that named it: the next session
  // silently loading those weights again would surprise, and the file may be gone by then.
  TrainConfig c = config;
  c.init_from.clear();
  settings_->setValue(kConfigKey, QString::fromStdString(to_json(c).dump()));
  settings_->remove(kLegacyGroup);
}

QByteArray SettingsStore::windowGeometry() const {
  return settings_->value("window/geometry").toByteArray();
}
void SettingsStore::setWindowGeometry(const QByteArray& g) {
  settings_->setValue("window/geometry", g);
}
QByteArray SettingsStore::windowState() const {
  return settings_->value("window/state").toByteArray();
}
void SettingsStore::setWindowState(const QByteArray& s) { settings_->setValue("window/state", s); }
QString SettingsStore::theme() const { return settings_->value("view/theme", "light").toString(); }
void SettingsStore::setTheme(const QString& theme) { settings_->setValue("view/theme", theme); }
bool SettingsStore::presentationMode() const {
  return settings_->value("view/presentation", false).toBool();
}
void SettingsStore::setPresentationMode(bool on) { settings_->setValue("view/presentation", on); }
int SettingsStore::snapshotEverySteps() const {
  return settings_->value("view/snapshot_every", 25).toInt();
}
void SettingsStore::setSnapshotEverySteps(int steps) {
  settings_->setValue("view/snapshot_every", steps);
}
QStringList SettingsStore::runsRoots() const {
  return settings_->value("runs/roots").toStringList();
}
void SettingsStore::setRunsRoots(const QStringList& folders) {
  settings_->setValue("runs/roots", folders);
}
QStringList SettingsStore::watchedRuns() const {
  return settings_->value("runs/watched").toStringList();
}
void SettingsStore::setWatchedRuns(const QStringList& folders) {
  settings_->setValue("runs/watched", folders);
}
void SettingsStore::sync() { settings_->sync(); }

}  // namespace rcmae::ui
