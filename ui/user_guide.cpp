#include "user_guide.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QUrl>

#ifndef RCMAE_SOURCE_DOCS
#define RCMAE_SOURCE_DOCS ""
#endif

namespace rcmae::ui {
namespace {

constexpr char kGuide[] = "USER_GUIDE.md";

QStringList guide_candidates() {
  const QDir bin(QCoreApplication::applicationDirPath());
  return {QDir::cleanPath(bin.filePath(QString("../share/doc/rcmae-workbench/") + kGuide)),
          QDir(QStringLiteral(RCMAE_SOURCE_DOCS)).filePath(kGuide)};
}

void tell(QWidget* parent, const QString& text) {
  QMessageBox box(QMessageBox::Information, "User guide", text, QMessageBox::Close, parent);
  box.setTextInteractionFlags(Qt::TextSelectableByMouse);  // the path can be copied
  box.exec();
}

}  // namespace

QString user_guide_path() {
  for (const QString& path : guide_candidates())
    if (QFileInfo(path).isFile()) return path;
  return {};
}

void open_user_guide(QWidget* parent) {
  const QString path = user_guide_path();
  if (path.isEmpty()) {
    tell(parent, "The user guide is not installed. Looked for:\n" +
                     QDir::toNativeSeparators(guide_candidates().join('\n')));
    return;
  }
  if (!QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
    tell(parent, "No program here opens Markdown files. The user guide is:\n" +
                     QDir::toNativeSeparators(path));
}

}  // namespace rcmae::ui
