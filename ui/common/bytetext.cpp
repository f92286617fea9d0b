#include "common/bytetext.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QStringDecoder>

#include <algorithm>

namespace {

constexpr char16_t hexDigits[] = u"0123456789abcdef";

void appendEscaped(QString &out, unsigned char byte)
{
    out += u'\\';
    out += u'x';
    out += QChar(hexDigits[byte >> 4]);
    out += QChar(hexDigits[byte & 0xf]);
}

// Length of the valid UTF-8 sequence at data[i], or 0 when the byte there does not start one
// (stray continuation byte, overlong form, surrogate, beyond U+10FFFF, cut short).
qsizetype utf8SequenceLength(const unsigned char *data, qsizetype size, qsizetype i,
                             char32_t &codePoint)
{
    const unsigned char lead = data[i];
    qsizetype length = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
        codePoint = lead;
        return 1;
    }
    if ((lead & 0xe0) == 0xc0) {
        length = 2;
        minimum = 0x80;
        codePoint = lead & 0x1fu;
    } else if ((lead & 0xf0) == 0xe0) {
        length = 3;
        minimum = 0x800;
        codePoint = lead & 0x0fu;
    } else if ((lead & 0xf8) == 0xf0) {
        length = 4;
        minimum = 0x10000;
        codePoint = lead & 0x07u;
    } else {
        return 0;
    }
    if (i + length > size)
        return 0;
    for (qsizetype k = 1; k < length; ++k) {
        const unsigned char next = data[i + k];
        if ((next & 0xc0) != 0x80)
            return 0;
        codePoint = (codePoint << 6) | (next & 0x3fu);
    }
    if (codePoint < minimum || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff))
        return 0;
    return length;
}

// Shown as is? Not the controls, and not what is valid but invisible (a BOM, a zero-width
// space, other format characters, private use, unassigned): two keys that differ only by one
// must not look the same.
bool isShownAsIs(char32_t codePoint)
{
    if (codePoint < 0x80)
        return codePoint >= 0x20 && codePoint != 0x7f;
    return QChar::isPrint(codePoint);
}

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

QString displayBytes(const QByteArray &bytes)
{
    QString out;
    out.reserve(bytes.size());
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype size = bytes.size();
    qsizetype i = 0;
    while (i < size) {
        char32_t codePoint = 0;
        const qsizetype length = utf8SequenceLength(data, size, i, codePoint);
        if (length == 0) {
            appendEscaped(out, data[i]);
            ++i;
            continue;
        }
        if (!isShownAsIs(codePoint)) {
            for (qsizetype k = 0; k < length; ++k)
                appendEscaped(out, data[i + k]);
        } else if (codePoint == u'\\') {
            out += QStringLiteral("\\\\");
        } else if (QChar::requiresSurrogates(codePoint)) {
            out += QChar(QChar::highSurrogate(codePoint));
            out += QChar(QChar::lowSurrogate(codePoint));
        } else {
            out += QChar(char16_t(codePoint));
        }
        i += length;
    }
    return out;
}

QString hexDump(const QByteArray &bytes, int bytesPerLine)
{
    const qsizetype perLine = std::max(bytesPerLine, 2);
    QString out;
    const qsizetype size = bytes.size();
    out.reserve((size / perLine + 1) * (perLine * 4 + 14));
    for (qsizetype offset = 0; offset < size; offset += perLine) {
        out += QStringLiteral("%1  ").arg(offset, 8, 16, QChar(u'0'));
        QString ascii;
        for (qsizetype k = 0; k < perLine; ++k) {
            if (offset + k < size) {
                const auto byte = static_cast<unsigned char>(bytes.at(offset + k));
                out += QChar(hexDigits[byte >> 4]);
                out += QChar(hexDigits[byte & 0xf]);
                out += u' ';
                ascii += (byte >= 0x20 && byte < 0x7f) ? QChar(char16_t(byte)) : QChar(u'.');
            } else {
                out += QStringLiteral("   ");
            }
            if (perLine > 8 && k == perLine / 2 - 1)
                out += u' ';
        }
        out += u' ';
        out += u'|';
        out += ascii;
        out += u'|';
        out += u'\n';
    }
    return out;
}

bool isUtf8(const QByteArray &bytes)
{
    return decodeUtf8(bytes).has_value();
}

std::optional<QString> prettyJson(const QByteArray &bytes)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !(document.isObject() || document.isArray()))
        return std::nullopt;
    // The bytes are valid JSON: indent them as they are, token by token.
    const QString source = QString::fromUtf8(bytes);
    QString out;
    out.reserve(source.size() * 2);
    int depth = 0;
    const auto newline = [&out, &depth] {
        out += u'\n';
        out += QString(4 * depth, u' ');
    };
    const qsizetype size = source.size();
    for (qsizetype i = 0; i < size; ++i) {
        const QChar c = source.at(i);
        if (c == u'"') {
            const qsizetype start = i;
            for (++i; i < size && source.at(i) != u'"'; ++i) {
                if (source.at(i) == u'\\')
                    ++i;
            }
            out += QStringView(source).sliced(start, i - start + 1);
        } else if (c == u'{' || c == u'[') {
            out += c;
            ++depth;
            newline();
        } else if (c == u'}' || c == u']') {
            --depth;
            while (out.endsWith(u' '))
                out.chop(1);
            if (!out.endsWith(u'\n'))
                out += u'\n';
            out += QString(4 * depth, u' ');
            out += c;
        } else if (c == u',') {
            out += c;
            newline();
        } else if (c == u':') {
            out += QStringLiteral(": ");
        } else if (!c.isSpace()) {
            out += c;
        }
    }
    return out;
}

QString elidedToolTip(const QString &text, qsizetype maxChars)
{
    if (text.size() <= maxChars)
        return text;
    qsizetype cut = maxChars;
    if (cut > 0 && text.at(cut - 1).isHighSurrogate())
        --cut;
    return text.first(cut) + u'…';
}
