import GRDB

extension BarLoader {
    /// The table the original Bot_kilo stored candles in.
    static let sqliteTable = "market_data"
    /// Rows read between two looks at the cancellation token.
    static let sqliteCancellationStride = 4_096

    /// Reads the `market_data` table of a Bot_kilo SQLite file, in row-id order, read-only.
    ///
    /// Columns are matched by name like CSV headers (a `timestamp` or `datetime` time column,
    /// `open` ... `volume` required, the Binance extras when present). Integer, real and text cells
    /// are accepted; text goes through the same parsers as CSV cells. Error lines are row ids.
    /// A set `cancellation` stops the read within `sqliteCancellationStride` rows.
    static func loadSQLite(path: String, byteCount: Int, cancellation: CancellationToken = .never) throws(DataError)
        -> (RawBars, LoadReport)
    {
        do {
            return try ReadOnlySQLite.read(path: path) { db in
                try readMarketData(db, path: path, byteCount: byteCount, cancellation: cancellation)
            }
        } catch let error as DataError {
            throw error
        } catch let error as DatabaseError {
            throw .sqlite(path: path, message: error.message ?? "\(error.resultCode)")
        } catch {
            throw .sqlite(path: path, message: "\(error)")
        }
    }

    private static func readMarketData(
        _ db: Database, path: String, byteCount: Int, cancellation: CancellationToken
    ) throws -> (RawBars, LoadReport) {
        guard try db.tableExists(sqliteTable) else {
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            throw DataError.sqlite(
                path: path,
                message: "no table '\(sqliteTable)' (tables: \(tables.joined(separator: ", ")))")
        }
        let columnNames = try db.columns(in: sqliteTable).map(\.name)
        let normalized = columnNames.map(CSVLayout.normalizedName)
        let timeIndex = CSVLayout.timeColumnNames.lazy.compactMap { normalized.firstIndex(of: $0) }.first
        guard let timeIndex else {
            throw DataError.missingColumn(path: path, column: "timestamp", header: columnNames)
        }
        var selected: [(name: String, field: BarField?)] = [(columnNames[timeIndex], nil)]
        for field in BarField.allCases {
            if let index = field.aliases.lazy.compactMap({ normalized.firstIndex(of: $0) }).first {
                selected.append((columnNames[index], field))
            } else if field.isRequired {
                throw DataError.missingColumn(path: path, column: field.name, header: columnNames)
            }
        }
        let columnList = selected.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let rowCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(sqliteTable)\"") ?? 0
        guard rowCount > 0 else { throw DataError.noRows(path: path) }

        var rowIDs: [Int64] = []
        var times: [Int64] = []
        var values = [[Double]?](repeating: nil, count: BarField.allCases.count)
        for (_, field) in selected { if let field { values[field.rawValue] = [] } }
        rowIDs.reserveCapacity(rowCount)
        times.reserveCapacity(rowCount)
        let rows = try Row.fetchCursor(
            db, sql: "SELECT rowid, \(columnList) FROM \"\(sqliteTable)\" ORDER BY rowid")
        while let row = try rows.next() {
            if rowIDs.count % sqliteCancellationStride == 0 && cancellation.isCancelled {
                throw DataError.loadCancelled(path: path)
            }
            let rowID: Int64 = row[0]
            rowIDs.append(rowID)
            for (offset, column) in selected.enumerated() {
                let cell: DatabaseValue = row[offset + 1]
                if let field = column.field {
                    guard let value = number(cell) else {
                        throw DataError.unparseableCell(
                            path: path, line: Int(rowID), column: column.name, text: text(cell))
                    }
                    values[field.rawValue]?.append(value)
                } else {
                    guard let time = time(cell) else {
                        throw DataError.unparseableCell(
                            path: path, line: Int(rowID), column: column.name, text: text(cell),
                            expected: .time)
                    }
                    times.append(time)
                }
            }
        }
        let report = LoadReport(
            path: path, format: .botKiloSQLite, byteCount: byteCount, lineCount: rowIDs.count,
            hasHeader: true, columns: selected.map(\.name), blankLines: 0, rowsRead: rowIDs.count,
            duplicatesDropped: 0, duplicateExamples: [], outOfOrderRows: 0, outOfOrderExamples: [],
            symbolOrigin: .fileName, intervalOrigin: .fileName, medianSpacingMilliseconds: nil)
        return (RawBars(times: times, values: values, lines: .rowIDs(rowIDs)), report)
    }

    private static func number(_ cell: DatabaseValue) -> Double? {
        switch cell.storage {
        case .int64(let value): Double(value)
        case .double(let value): value
        case .string(let text): DecimalParser.parse(text)
        case .null, .blob: nil
        }
    }

    private static func time(_ cell: DatabaseValue) -> Int64? {
        switch cell.storage {
        case .int64(let value): value >= 0 ? BarTime.milliseconds(fromEpoch: value) : nil
        case .double(let value): value.isFinite && value >= 0 ? BarTime.parse(String(value)) : nil
        case .string(let text): BarTime.parse(text)
        case .null, .blob: nil
        }
    }

    private static func text(_ cell: DatabaseValue) -> String {
        switch cell.storage {
        case .null: ""
        case .blob(let data): "<\(data.count)-byte blob>"
        case .int64(let value): String(value)
        case .double(let value): String(value)
        case .string(let text): text
        }
    }
}
