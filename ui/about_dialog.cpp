#include "about_dialog.h"

#include <QIcon>
#include <QMessageBox>
#include <QWidget>

#ifndef RCMAE_VERSION
#define RCMAE_VERSION "unknown"
#endif

namespace rcmae::ui {

QString workbench_version() { return QStringLiteral(RCMAE_VERSION); }

void show_about_dialog(QWidget* parent) {
  const QString text =
      QString(
          "<h3>RC-MAE Workbench %1</h3>"
          "<p>Trains a ViT masked auto-encoder with an exponential-moving-average teacher on the "
          "CPU and shows reconstructions, masks, loss curves and teacher gradients while it "
          "learns.</p>"
          "<p>The method is from<br>"
          "Youngwan Lee, Jeffrey Willette, Jonghee Kim, Juho Lee, Sung Ju Hwang,<br>"
          "<i>Exploring the Role of Mean Teachers in Self-supervised Masked Auto-Encoders</i>,<br>"
          "ICLR 2023, <a href=\"https://arxiv.org/abs/2210.02077\">arXiv:2210.02077</a>.</p>"
          "<p>Built with Qt %2 and LibTorch. The command-line trainer is <tt>rcmae</tt> "
          "(<tt>man rcmae</tt>).</p>")
          .arg(workbench_version(), QString::fromLatin1(qVersion()));
  QMessageBox box(parent);
  box.setWindowTitle("About RC-MAE Workbench");
  box.setObjectName("aboutDialog");
  box.setTextFormat(Qt::RichText);
  box.setTextInteractionFlags(Qt::TextBrowserInteraction);  // the arXiv link opens a browser
  box.setText(text);
  box.setIconPixmap(QIcon(":/icons/app.svg").pixmap(64, 64));
  box.setStandardButtons(QMessageBox::Close);
  box.exec();
}

}  // namespace rcmae::ui
