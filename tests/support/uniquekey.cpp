#include "uniquekey.h"

#include <QByteArray>
#include <QRandomGenerator>
#include <QTest>

#include <atomic>

namespace lockscope::test {

namespace {

// Data tags and labels are free text: keep keys readable in redis-cli and free of blanks.
void appendPart(std::string &key, std::string_view part)
{
    key += ':';
    for (const char c : part)
        key += (c == ' ' || c == '\t' || c == '\n') ? '_' : c;
}

} // namespace

std::string uniqueKey(std::string_view label)
{
    static std::atomic<unsigned> counter{0};

    std::string key = "test";
    const char *function = QTest::currentTestFunction();
    appendPart(key, function ? std::string_view(function) : std::string_view("none"));
    if (const char *tag = QTest::currentDataTag(); tag && *tag)
        appendPart(key, tag);
    if (!label.empty())
        appendPart(key, label);
    appendPart(key, std::to_string(++counter));
    appendPart(key, QByteArray::number(QRandomGenerator::global()->generate(), 16).toStdString());
    return key;
}

} // namespace lockscope::test
