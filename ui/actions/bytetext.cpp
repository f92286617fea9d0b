#include "actions/bytetext.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QStringDecoder>

namespace actions {

bool isUtf8(const QByteArray &bytes)
{
    // ConvertInitialBom keeps a leading BOM instead of silently dropping it; the round trip
    // catches anything else the decoder would have altered.
    QStringDecoder decoder(QStringConverter::Utf8, QStringConverter::Flag::Stateless |
                                                       QStringConverter::Flag::ConvertInitialBom);
    const QString text = decoder(bytes);
    return !decoder.hasError() && text.toUtf8() == bytes;
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
            const QByteArray sequence = bytes.mid(i, length);
            if (isUtf8(sequence)) {
                out += QString::fromUtf8(sequence);
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
