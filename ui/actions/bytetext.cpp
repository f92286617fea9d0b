#include "actions/bytetext.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QStringDecoder>

namespace actions {

namespace {

// ConvertInitialBom keeps a leading BOM instead of silently dropping it (QString::fromUtf8()
// drops it), so that text shown or written is every byte the key holds.
std::optional<QString> decodeUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringConverter::Utf8, QStringConverter::Flag::Stateless |
                                                       QStringConverter::Flag::ConvertInitialBom);
    QString text = decoder(bytes);
    // The round trip catches anything else the decoder would have altered.
    if (decoder.hasError() || text.toUtf8() != bytes)
        return std::nullopt;
    return text;
}

} // namespace

bool isUtf8(const QByteArray &bytes)
{
    return decodeUtf8(bytes).has_value();
}

QString escapedBytes(const QByteArray &bytes)
{
    static constexpr char hex[] = "0123456789abcdef";
    QString out;
    out.reserve(bytes.size());
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto byte = static_cast<unsigned char>(bytes[i]);
        if (byte == '\\') {
            out += QStringLiteral("\\\\");
            continue;
        }
        if (byte >= 0x20 && byte < 0x7f) {
            out += QChar::fromLatin1(char(byte));
            continue;
        }
        // A whole, valid multi-byte sequence stays as it is; a broken one is escaped byte by byte.
        const qsizetype length = (byte & 0xE0) == 0xC0   ? 2
                                 : (byte & 0xF0) == 0xE0 ? 3
                                 : (byte & 0xF8) == 0xF0 ? 4
                                                         : 0;
        if (length && i + length <= bytes.size()) {
            // Printable only: a BOM, a zero-width space or a C1 control is valid UTF-8 but
            // invisible, and two keys that differ only by one must not look the same.
            const auto sequence = decodeUtf8(bytes.mid(i, length));
            const char32_t ucs4 = !sequence ? 0
                                  : sequence->size() == 2
                                      ? QChar::surrogateToUcs4(sequence->at(0), sequence->at(1))
                                      : sequence->at(0).unicode();
            if (sequence && QChar::isPrint(ucs4)) {
                out += *sequence;
                i += length - 1;
                continue;
            }
        }
        out += QStringLiteral("\\x");
        out += QChar::fromLatin1(hex[byte >> 4]);
        out += QChar::fromLatin1(hex[byte & 15]);
    }
    return out;
}

std::optional<QString> prettyJson(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || document.isNull())
        return std::nullopt;
    QString text = QString::fromUtf8(document.toJson(QJsonDocument::Indented));
    while (text.endsWith(u'\n'))
        text.chop(1);
    return text;
}

} // namespace actions
