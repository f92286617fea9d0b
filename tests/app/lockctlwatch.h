// lockctl watch --json run by a test: its lines parsed as they come, found in order.
#pragma once

#include "lockctlrun.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <chrono>
#include <functional>
#include <optional>

using namespace Qt::StringLiterals;

// A running `lockctl watch --json`, its lines parsed as they come.
class Watch
{
public:
    explicit Watch(const QStringList &arguments) { process_.start(lockctlPath, arguments); }
    ~Watch()
    {
        if (process_.state() != QProcess::NotRunning) {
            process_.kill();
            process_.waitForFinished(5000);
        }
    }
    Watch(const Watch &) = delete;
    Watch &operator=(const Watch &) = delete;

    // The first line after the last one found that matches, within `timeout`.
    std::optional<QJsonObject> next(const std::function<bool(const QJsonObject &)> &match,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(15))
    {
        QElapsedTimer timer;
        timer.start();
        for (;;) {
            read();
            for (qsizetype i = cursor_; i < lines_.size(); ++i) {
                if (match(lines_[i])) {
                    cursor_ = i + 1;
                    return lines_[i];
                }
            }
            if (timer.elapsed() >= timeout.count() || process_.state() == QProcess::NotRunning)
                return std::nullopt;
            process_.waitForReadyRead(50);
        }
    }
    // The next line about `key` with this "event" (and, for anomalies, this "anomaly").
    std::optional<QJsonObject> next(const QString &key, const QString &event,
                                    const QString &anomaly = {})
    {
        return next([&](const QJsonObject &line) {
            return line.value("key"_L1).toString() == key &&
                   line.value("event"_L1).toString() == event &&
                   (anomaly.isEmpty() || line.value("anomaly"_L1).toString() == anomaly);
        });
    }
    // Every line so far about `key`: "event" or "anomaly:NAME".
    QStringList about(const QString &key)
    {
        read();
        QStringList out;
        for (const auto &line : std::as_const(lines_))
            if (line.value("key"_L1).toString() == key)
                out << (line.value("event"_L1).toString() == "anomaly"_L1
                            ? u"anomaly:"_s + line.value("anomaly"_L1).toString()
                            : line.value("event"_L1).toString());
        return out;
    }
    QProcess &process() { return process_; }
    QByteArray err() { return err_ += process_.readAllStandardError(); }
    // Lines that were not one JSON object each.
    [[nodiscard]] const QList<QByteArray> &malformed() const { return malformed_; }
    [[nodiscard]] const QList<QJsonObject> &lines() const { return lines_; }
    QString describe()
    {
        read();
        QString text = u"stderr: "_s + QString::fromUtf8(err()) + u"\nlines:\n"_s;
        for (const auto &line : std::as_const(lines_))
            text += QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact)) + u'\n';
        return text;
    }

private:
    void read()
    {
        while (process_.canReadLine()) {
            const QByteArray line = process_.readLine();
            const QJsonDocument document = QJsonDocument::fromJson(line);
            if (document.isObject())
                lines_.append(document.object());
            else
                malformed_.append(line);
        }
    }

    QProcess process_;
    QList<QJsonObject> lines_;
    QList<QByteArray> malformed_;
    QByteArray err_;
    qsizetype cursor_ = 0;
};

#define NEXT(name, watch, ...)                                                                     \
    const auto name = (watch).next(__VA_ARGS__);                                                   \
    QVERIFY2(name, qPrintable((watch).describe()))
