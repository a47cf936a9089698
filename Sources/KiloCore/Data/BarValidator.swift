/// Checks a loaded series and reports what is wrong with it, without changing it.
public enum BarValidator {
    /// Validates `loaded` against the clock `now` (epoch milliseconds).
    ///
    /// Reports gaps, irregular spacing, an interval that differs from the median spacing, the
    /// duplicates and out-of-order rows loading saw, OHLC inconsistencies, prices at or below
    /// zero, NaN/inf cells, negative and zero volumes, bars after `now`, and a last bar whose
    /// close is more than `staleAfterBars` intervals before `now`.
    /// - Complexity: O(n), one pass over the columns.
    public static func validate(_ loaded: LoadedBars, now: Int64, staleAfterBars: Int = 2)
        -> ValidationReport
    {
        validate(
            loaded.series, loadReport: loaded.report, lines: loaded.lines, now: now, staleAfterBars: staleAfterBars)
    }

    /// Validates a series; `loadReport` (when there is one) adds what loading saw.
    ///
    /// A finding names its first bar as "line L" with the loader's rule (`BarLines`: 1-based file
    /// lines, row ids for SQLite) when `lines` knows it, else as "bar N" (1-based).
    /// - Complexity: O(n).
    public static func validate(
        _ series: BarSeries, loadReport: LoadReport?, lines: BarLines = .unknown, now: Int64,
        staleAfterBars: Int = 2
    ) -> ValidationReport {
        precondition(staleAfterBars >= 0, "BarValidator.validate: staleAfterBars \(staleAfterBars) < 0")
        let times = series.timestamps
        let count = series.count
        let step = series.interval.milliseconds
        var findings: [DataFinding] = []
        func time(_ ms: Int64) -> String { BarTime.string(fromMilliseconds: ms) }
        func at(_ row: Int) -> String {
            let place = lines.line(ofBar: row).map { "line \($0)" } ?? "bar \(row + 1)"
            return "\(place) at \(time(times[row]))"
        }
        func days(_ ms: Int64) -> Double { Double(ms) / Double(BarTime.millisecondsPerDay) }
        /// A finding about `count` bars, the first at `row` (none when `row` is nil), naming it.
        func addBars(
            _ severity: DataFinding.Severity, _ kind: DataFinding.Kind, _ what: String, first row: Int?, count: Int
        ) {
            guard let row else { return }
            findings.append(
                DataFinding(
                    severity: severity, kind: kind, message: "\(what) (first: \(at(row)))", row: row,
                    timestamp: times[row], count: count))
        }
        /// A finding about the bars `tally` counted: "N `what`".
        func addBars(_ severity: DataFinding.Severity, _ kind: DataFinding.Kind, _ tally: BarTally, _ what: String) {
            addBars(severity, kind, "\(tally.bars) \(what)", first: tally.first, count: tally.bars)
        }

        // Spacing: gaps and irregular spacing.
        var gapCount = 0
        var missingBars = 0
        var longest: ValidationReport.Gap?
        var irregular = BarTally()
        if count > 1 {
            for row in 1..<count {
                let spacing = times[row] - times[row - 1]
                if spacing > step {
                    gapCount += 1
                    let missing = Int((spacing + step - 1) / step) - 1
                    missingBars += missing
                    if spacing > (longest.map { $0.firstBarAfter - $0.lastBarBefore } ?? 0) {
                        let start = times[row - 1] + step
                        longest = ValidationReport.Gap(
                            row: row, lastBarBefore: times[row - 1], firstBarAfter: times[row], start: start,
                            missingBars: missing, days: days(times[row] - start))
                    }
                } else if spacing < step {
                    irregular.count(row)
                }
            }
        }
        if let longest {
            let plural = gapCount == 1 ? "gap" : "gaps"
            findings.append(
                DataFinding(
                    severity: .warning, kind: .gap,
                    message:
                        "\(gapCount) \(plural) (\(missingBars) missing bars); "
                        + "longest \(format(longest.days)) days (\(longest.missingBars) bars) "
                        + "from \(time(longest.start)) to \(time(longest.firstBarAfter))",
                    row: longest.row, timestamp: longest.firstBarAfter, count: gapCount))
        }
        addBars(
            .warning, .irregularSpacing, irregular, "bars closer than the interval \(series.interval.name) to the bar before")
        let median = loadReport?.medianSpacingMilliseconds ?? BarAssembler.medianSpacing(of: times)
        if let median, median != step {
            findings.append(
                DataFinding(
                    severity: .warning, kind: .intervalMismatch,
                    message: "the interval is \(series.interval.name) but the median spacing is \(spacingName(median))",
                    count: 1))
        }

        // Values.
        let values = scanValues(series)
        addBars(
            .error, .nonFiniteValue, "\(values.nonFiniteCells) NaN/inf cells in \(values.nonFinite.bars) bars",
            first: values.nonFinite.first, count: values.nonFiniteCells)
        addBars(.error, .nonPositivePrice, values.nonPositive, "bars with a price at or below zero")
        let ohlc = values.ohlc
        addBars(
            .error, .ohlcInconsistency, values.inconsistent,
            "bars with inconsistent OHLC: \(ohlc.highBelowOpenOrClose) high below open/close, "
                + "\(ohlc.lowAboveOpenOrClose) low above open/close, \(ohlc.lowAboveHigh) low above high")
        addBars(.error, .negativeVolume, values.negativeVolume, "bars with negative volume")
        addBars(.info, .zeroVolume, values.zeroVolume, "bars with zero volume")

        // What loading saw.
        func addLoadFinding(_ kind: DataFinding.Kind, _ rows: Int, _ what: String, _ examples: [String], at: Int64?) {
            guard rows > 0 else { return }
            findings.append(
                DataFinding(
                    severity: .warning, kind: kind, message: "\(rows) \(what) (\(examples.joined(separator: "; ")))",
                    timestamp: at, count: rows))
        }
        if let loadReport {
            addLoadFinding(
                .duplicateTimestamps, loadReport.duplicatesDropped,
                "rows with a repeated timestamp were dropped, keeping the last",
                loadReport.duplicateExamples.map {
                    "\(time($0.timestamp)) line \($0.droppedLine) dropped for line \($0.keptLine)"
                }, at: loadReport.duplicateExamples.first?.timestamp)
            addLoadFinding(
                .outOfOrderRows, loadReport.outOfOrderRows, "rows were out of time order and have been sorted",
                loadReport.outOfOrderExamples.map {
                    "line \($0.line) at \(time($0.timestamp)) after \(time($0.previousTimestamp))"
                }, at: loadReport.outOfOrderExamples.first?.timestamp)
        }

        // The clock.
        var age: Int64?
        var behind: Int?
        var stale = false
        var futureBars = 0
        if let last = times.last {
            let close = last + step
            age = now - close
            behind = now >= close ? Int((now - close) / step) : 0
            stale = now - close > Int64(staleAfterBars) * step
            if stale {
                findings.append(
                    DataFinding(
                        severity: .warning, kind: .stale,
                        message:
                            "the last bar (\(time(last))) closed \(format(days(now - close))) days "
                            + "before the clock (\(time(now))), \(behind ?? 0) bars behind",
                        row: count - 1, timestamp: last, count: behind ?? 0))
            }
            let firstFuture = series.lastIndex(atOrBefore: now).map { $0 + 1 } ?? 0
            futureBars = count - firstFuture
            addBars(
                .warning, .futureBars, "\(futureBars) bars open after the clock (\(time(now)))",
                first: futureBars > 0 ? firstFuture : nil, count: futureBars)
        } else {
            findings.append(DataFinding(severity: .error, kind: .noBars, message: "no bars", count: 0))
        }

        for index in findings.indices { findings[index].line = findings[index].row.flatMap(lines.line(ofBar:)) }
        let kindOrder = DataFinding.Kind.allCases
        findings.sort { a, b in
            if a.severity != b.severity { return a.severity > b.severity }
            return (kindOrder.firstIndex(of: a.kind) ?? 0) < (kindOrder.firstIndex(of: b.kind) ?? 0)
        }
        return ValidationReport(
            symbol: series.symbol, path: series.source.path, format: series.source.format,
            interval: series.interval, rows: count, firstBar: times.first, lastBar: times.last,
            gapCount: gapCount, missingBars: missingBars, longestGap: longest,
            irregularSpacings: irregular.bars, medianSpacingMilliseconds: median,
            duplicateTimestamps: loadReport?.duplicatesDropped ?? 0,
            outOfOrderRows: loadReport?.outOfOrderRows ?? 0, ohlc: values.ohlc,
            nonPositivePriceBars: values.nonPositive.bars, nonFiniteCells: values.nonFiniteCells,
            negativeVolumeBars: values.negativeVolume.bars, zeroVolumeBars: values.zeroVolume.bars,
            now: now, lastBarAgeMilliseconds: age, barsBehind: behind, isStale: stale,
            futureBars: futureBars, findings: findings)
    }

    /// How many bars have one problem, and the first of them.
    private struct BarTally {
        private(set) var bars = 0
        private(set) var first: Int?

        /// Counts bar `row` (rows come in ascending order).
        mutating func count(_ row: Int) {
            bars += 1
            if first == nil { first = row }
        }
    }

    /// Counts of value problems and the first row of each.
    private struct ValueScan {
        var nonFiniteCells = 0
        var nonFinite = BarTally()
        var nonPositive = BarTally()
        var ohlc = ValidationReport.OHLCInconsistencies()
        var inconsistent = BarTally()
        var negativeVolume = BarTally()
        var zeroVolume = BarTally()
    }

    private static func scanValues(_ series: BarSeries) -> ValueScan {
        var scan = ValueScan()
        let extras = [series.quoteVolume, series.trades, series.takerBuyBase, series.takerBuyQuote]
            .compactMap { $0 }
        for row in 0..<series.count {
            let open = series.open[row]
            let high = series.high[row]
            let low = series.low[row]
            let close = series.close[row]
            let volume = series.volume[row]
            var nonFinite = 0
            for value in [open, high, low, close, volume] where !value.isFinite { nonFinite += 1 }
            for column in extras where !column[row].isFinite { nonFinite += 1 }
            if nonFinite > 0 {
                scan.nonFiniteCells += nonFinite
                scan.nonFinite.count(row)
            }
            if open <= 0 || high <= 0 || low <= 0 || close <= 0 { scan.nonPositive.count(row) }
            let highBelow = high < open || high < close
            let lowAbove = low > open || low > close
            let lowAboveHigh = low > high
            if highBelow || lowAbove || lowAboveHigh {
                if highBelow { scan.ohlc.highBelowOpenOrClose += 1 }
                if lowAbove { scan.ohlc.lowAboveOpenOrClose += 1 }
                if lowAboveHigh { scan.ohlc.lowAboveHigh += 1 }
                scan.ohlc.bars += 1
                scan.inconsistent.count(row)
            }
            if volume < 0 {
                scan.negativeVolume.count(row)
            } else if volume == 0 {
                scan.zeroVolume.count(row)
            }
        }
        return scan
    }

    /// `227.5`: one decimal.
    private static func format(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        let whole = Int(tenths / 10)
        let fraction = Int(abs(tenths).truncatingRemainder(dividingBy: 10))
        return "\(whole).\(fraction)"
    }

    private static func spacingName(_ milliseconds: Int64) -> String {
        if milliseconds > 0, milliseconds % 1_000 == 0 {
            return BarInterval(seconds: milliseconds / 1_000).name
        }
        return "\(milliseconds) ms"
    }
}
