/// The bar columns a loader fills, in storage-slot order.
enum BarField: Int, CaseIterable, Sendable {
    case open, high, low, close, volume, quoteVolume, trades, takerBuyBase, takerBuyQuote

    /// The canonical column name (the Binance kline CSV header).
    var name: String {
        switch self {
        case .open: "open"
        case .high: "high"
        case .low: "low"
        case .close: "close"
        case .volume: "volume"
        case .quoteVolume: "quote_volume"
        case .trades: "trades"
        case .takerBuyBase: "taker_buy_base"
        case .takerBuyQuote: "taker_buy_quote"
        }
    }

    /// Header spellings accepted for this field, after lower-casing and turning blanks and hyphens
    /// into underscores.
    var aliases: [String] {
        switch self {
        case .quoteVolume: ["quote_volume", "quote_asset_volume", "quote_av"]
        case .trades: ["trades", "number_of_trades", "count"]
        case .takerBuyBase: ["taker_buy_base", "taker_buy_base_asset_volume", "taker_buy_volume"]
        case .takerBuyQuote: ["taker_buy_quote", "taker_buy_quote_asset_volume"]
        default: [name]
        }
    }

    /// Whether every loader needs this column.
    var isRequired: Bool { rawValue <= BarField.volume.rawValue }
}

/// Which cell of a row feeds which bar column.
struct CSVLayout: Sendable, Equatable {
    /// Accepted time-column names, best first.
    static let timeColumnNames = ["timestamp", "open_time", "time", "datetime", "date"]

    /// Marks a cell in `targets` that is skipped.
    static let ignored: Int8 = -2
    /// Marks the time cell in `targets`.
    static let time: Int8 = -1

    /// The cell separator: `,`, `;` or tab.
    var delimiter: UInt8
    /// Whether the first line is a header.
    var hasHeader: Bool
    /// The header as written, or the assumed Binance column names for headerless files.
    var columnNames: [String]
    /// For each cell index: `ignored`, `time`, or a `BarField` raw value.
    var targets: [Int8]
    /// The format this layout is.
    var format: BarSource.Format

    /// The number of leading cells a row must have.
    var requiredCellCount: Int {
        var last = -1
        for (index, target) in targets.enumerated() where target != Self.ignored {
            if target == Self.time || BarField(rawValue: Int(target))?.isRequired == true { last = index }
        }
        return last + 1
    }

    /// The number of leading cells that feed a column.
    var usedCellCount: Int {
        (targets.lastIndex { $0 != Self.ignored } ?? -1) + 1
    }

    /// The fields present, in slot order.
    var fields: [BarField] {
        BarField.allCases.filter { targets.contains(Int8($0.rawValue)) }
    }

    /// The column name of a cell index, for error messages.
    func columnName(ofCell index: Int) -> String {
        index < columnNames.count ? columnNames[index] : "column \(index + 1)"
    }

    /// The delimiter used by a first line: the most frequent of `,`, `;` and tab.
    static func delimiter(ofLine line: [UInt8]) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]
        let counts = candidates.map { candidate in line.count { $0 == candidate } }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[best] > 0 else {
            return UInt8(ascii: ",")
        }
        return candidates[best]
    }

    /// Splits a line into trimmed cell texts.
    static func cells(ofLine line: [UInt8], delimiter: UInt8) -> [String] {
        line.split(separator: delimiter, omittingEmptySubsequences: false).map { cell in
            Array(cell).withUnsafeBufferPointer { CellText.trimmed($0) }
        }
    }

    /// `Open Time` → `open_time`.
    static func normalizedName(_ name: String) -> String {
        String(name.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    /// The layout of a file whose first non-blank line is `line`.
    ///
    /// A first line whose first cell is a time is a data row of a headerless Binance export:
    /// `open_time, open, high, low, close, volume` and, when there are more cells, either Binance's
    /// `close_time, quote_volume, trades, taker_buy_base, taker_buy_quote, ignore` (recognised by
    /// a close time just after the open time) or the layout of `data/*.csv`.
    static func detect(
        firstLine line: [UInt8], lineNumber: Int, path: String
    ) throws(DataError) -> CSVLayout {
        let delimiter = delimiter(ofLine: line)
        let cells = cells(ofLine: line, delimiter: delimiter)
        if let first = cells.first, let openTime = BarTime.parse(first) {
            return try headerless(
                cells: cells, openTime: openTime, delimiter: delimiter, lineNumber: lineNumber,
                path: path)
        }
        let normalized = cells.map(normalizedName)
        var targets = [Int8](repeating: ignored, count: cells.count)
        guard let timeIndex = timeColumnNames.lazy.compactMap({ normalized.firstIndex(of: $0) }).first
        else {
            throw .missingColumn(path: path, column: "timestamp", header: cells)
        }
        targets[timeIndex] = time
        for field in BarField.allCases {
            let index = field.aliases.lazy.compactMap { alias in
                normalized.indices.first { normalized[$0] == alias && targets[$0] == ignored }
            }.first
            if let index {
                targets[index] = Int8(field.rawValue)
            } else if field.isRequired {
                throw .missingColumn(path: path, column: field.name, header: cells)
            }
        }
        let isKline =
            ["timestamp", "open_time"].contains(normalized[timeIndex])
            && BarField.allCases.allSatisfy { targets.contains(Int8($0.rawValue)) }
        return CSVLayout(
            delimiter: delimiter, hasHeader: true, columnNames: cells, targets: targets,
            format: isKline ? .binanceKlineCSV : .ohlcvCSV)
    }

    private static func headerless(
        cells: [String], openTime: Int64, delimiter: UInt8, lineNumber: Int, path: String
    ) throws(DataError) -> CSVLayout {
        let dataLayout = ["timestamp"] + BarField.allCases.map(\.name)
        let binanceLayout =
            ["open_time", "open", "high", "low", "close", "volume", "close_time"]
            + ["quote_volume", "trades", "taker_buy_base", "taker_buy_quote", "ignore"]
        var names = dataLayout
        if cells.count > 6, let closeTime = BarTime.parse(cells[6]), closeTime > openTime,
            closeTime - openTime <= 31 * BarTime.millisecondsPerDay
        {
            names = binanceLayout
        }
        guard cells.count >= 6 else {
            throw .missingCell(path: path, line: lineNumber, column: names[cells.count])
        }
        names = Array(names.prefix(cells.count))
        while names.count < cells.count { names.append("column \(names.count + 1)") }
        let targets: [Int8] = names.map { name in
            if name == "timestamp" || name == "open_time" { return time }
            return BarField.allCases.first { $0.name == name }.map { Int8($0.rawValue) } ?? ignored
        }
        return CSVLayout(
            delimiter: delimiter, hasHeader: false, columnNames: names, targets: targets,
            format: .binanceKlineCSV)
    }
}
