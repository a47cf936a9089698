import Foundation
import Logging

/// How `RotatingFileLogHandler` writes one event: a single line
/// `2026-11-25T16:35:14.123Z warning kilo.live: message key=value other="two words"`.
///
/// The time is UTC with milliseconds; metadata keys are sorted; line breaks in the message and
/// in values are escaped so every event is exactly one line.
public enum LogLineFormat {
    /// The line for one event, ending in `\n`.
    /// - Parameters:
    ///   - milliseconds: the event time, epoch milliseconds.
    ///   - level: its level.
    ///   - label: the logger's label.
    ///   - message: the message.
    ///   - metadata: handler, provider and event metadata merged (event wins).
    ///   - error: the error attached to the event, if any (written as `error=...`).
    public static func line(
        milliseconds: Int64, level: Logger.Level, label: String, message: String,
        metadata: Logger.Metadata, error: (any Error)? = nil
    ) -> String {
        var text = "\(timestamp(milliseconds: milliseconds)) \(level.rawValue) \(label): \(escaped(message))"
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            text += " \(key)=\(quotedIfNeeded(render(value)))"
        }
        if let error { text += " error=\(quotedIfNeeded(String(describing: error)))" }
        return text + "\n"
    }

    /// `2026-11-25T16:35:14.123Z`: ISO 8601, UTC, fixed width, milliseconds.
    public static func timestamp(milliseconds: Int64) -> String {
        let perDay = BarTime.millisecondsPerDay
        var days = milliseconds / perDay
        var inDay = milliseconds % perDay
        if inDay < 0 {
            days -= 1
            inDay += perDay
        }
        let (year, month, day) = BarTime.civil(fromDays: days)
        func pad(_ value: some BinaryInteger, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let hour = inDay / 3_600_000
        let minute = inDay / 60_000 % 60
        let second = inDay / 1_000 % 60
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2))"
            + ":\(pad(second, 2)).\(pad(inDay % 1_000, 3))Z"
    }

    /// A metadata value as text: strings as they are, arrays `[a, b]`, dictionaries `[k: v]`
    /// with sorted keys.
    static func render(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): return text
        case .stringConvertible(let convertible): return convertible.description
        case .array(let values): return "[" + values.map(render).joined(separator: ", ") + "]"
        case .dictionary(let entries):
            let parts = entries.keys.sorted().compactMap { key in entries[key].map { "\(key): \(render($0))" } }
            return "[" + parts.joined(separator: ", ") + "]"
        }
    }

    /// Escapes backslashes, line breaks and tabs so the text stays on one line.
    static func escaped(_ text: String) -> String {
        guard text.contains(where: { $0 == "\\" || $0.isNewline || $0 == "\t" }) else { return text }
        var out = ""
        out.reserveCapacity(text.count + 8)
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\n", "\r\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.append(character.isNewline ? " " : character)
            }
        }
        return out
    }

    /// The escaped value, in double quotes when it is empty or holds a space, quote or `=`.
    static func quotedIfNeeded(_ value: String) -> String {
        let text = escaped(value)
        guard text.isEmpty || text.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
