import Foundation

/// A study as `inspect study` shows it: the header, the trials, the best ones, each parameter's
/// effect, the optimisation history and the selection-aware statistics.
public struct StudyReport: Sendable {
    public var header: StudyHeader
    public var path: String
    public var trials: [StudyTrial]

    /// Trials in each state.
    public var counts: [TrialState: Int] { Dictionary(grouping: trials, by: \.record.state).mapValues(\.count) }

    /// The best complete trial.
    public var best: StudyTrial? { TuneRun.best(trials, direction: header.direction) }

    /// The `count` best complete trials, best first (ties by number).
    /// - Complexity: O(t log t).
    public func top(_ count: Int) -> [StudyTrial] {
        let complete = trials.filter { $0.record.state == .complete && ($0.record.value?.isFinite ?? false) }
        let sorted = complete.sorted { a, b in
            let (x, y) = (a.record.value ?? 0, b.record.value ?? 0)
            return x == y ? a.record.number < b.record.number : header.direction.isBetter(x, than: y)
        }
        return Array(sorted.prefix(count))
    }

    /// The best value so far after each complete trial, in trial order (the optimisation history).
    public var bestSoFar: [Double] {
        var out: [Double] = []
        for trial in trials where trial.record.state == .complete {
            guard let value = trial.record.value, value.isFinite else { continue }
            if let last = out.last, !header.direction.isBetter(value, than: last) { out.append(last) } else { out.append(value) }
        }
        return out
    }

    /// The Deflated Sharpe Ratio of the best trial's net-return Sharpe (see `SelectionStatistics`).
    public var selection: SelectionStatistics? { SelectionStatistics(trials: trials, best: best) }

    /// How each parameter relates to the objective over the complete trials.
    /// - Complexity: O(p · t log t).
    public var effects: [ParameterEffect] {
        let complete = trials.filter { $0.record.state == .complete && ($0.record.value?.isFinite ?? false) }
        let values = complete.map { $0.record.value ?? 0 }
        return header.space.parameters.map { parameter in
            switch parameter.domain {
            case .categorical(let choices):
                let means = choices.map { choice -> (ParameterValue, Double, Int) in
                    let picked = complete.filter { $0.record.parameters[parameter.name] == choice }.map { $0.record.value ?? 0 }
                    return (choice, picked.isEmpty ? .nan : picked.reduce(0, +) / Double(picked.count), picked.count)
                }
                return ParameterEffect(name: parameter.name, rankCorrelation: nil, choiceMeans: means)
            case .int(_, _, let log), .float(_, _, let log):
                let xs = complete.map { trial -> Double in
                    let x = trial.record.parameters[parameter.name]?.number ?? .nan
                    return log && x > 0 ? Foundation.log(x) : x
                }
                let rho = xs.count > 2 ? TuneScore.spearman(xs, values) : Double.nan
                return ParameterEffect(name: parameter.name, rankCorrelation: rho, choiceMeans: [])
            }
        }
    }
}

/// How one parameter relates to the objective across the complete trials.
public struct ParameterEffect: Sendable {
    public var name: String
    /// Spearman correlation of the (log, for a log domain) value with the objective; numeric domains.
    public var rankCorrelation: Double?
    /// Mean objective and trial count per choice; categorical domains.
    public var choiceMeans: [(choice: ParameterValue, mean: Double, count: Int)]
}

/// The selection-aware view of a study's best trial: with many trials, the best Sharpe is high by
/// chance alone. The Deflated Sharpe Ratio (Bailey & López de Prado, 2014) is the probability that
/// the best trial's true Sharpe exceeds the largest Sharpe expected from `trialCount` trials of no
/// skill with the observed spread between trials.
public struct SelectionStatistics: Sendable, Equatable {
    /// The best trial's mean per-fold net-return Sharpe (per bar, unannualised).
    public var observedSharpe: Double
    /// Variance of the complete trials' net Sharpes.
    public var trialSharpeVariance: Double
    /// Trials that produced a Sharpe (complete and pruned): the number of tries the best was chosen from.
    public var trialCount: Int
    /// Net-return observations of the best trial (held-out rows over its folds).
    public var observations: Int
    public var skewness: Double
    public var kurtosis: Double
    /// `nil` when it cannot be computed (too few trials or observations).
    public var deflated: DeflatedSharpe?

    /// The statistics of `best` among `trials`, or `nil` without a best trial with net returns.
    /// - Complexity: O(trials).
    public init?(trials: [StudyTrial], best: StudyTrial?) {
        guard let best, let observed = best.netSharpe, let moments = best.netMoments else { return nil }
        let complete = trials.filter { $0.record.state == .complete }.compactMap(\.netSharpe).filter(\.isFinite)
        let tried = trials.filter { $0.netSharpe != nil }.count
        let mean = complete.isEmpty ? 0 : complete.reduce(0, +) / Double(complete.count)
        let variance =
            complete.count > 1 ? complete.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(complete.count - 1) : 0
        observedSharpe = observed
        trialSharpeVariance = variance
        trialCount = tried
        observations = moments.count
        skewness = moments.skewness
        kurtosis = moments.kurtosis
        deflated = DeflatedSharpe.compute(
            observedSharpe: observed, trialSharpeVariance: variance, trialCount: tried, observations: moments.count,
            skewness: moments.skewness, kurtosis: moments.kurtosis)
    }
}

/// A study file in the studies folder, as `studies` lists it.
public struct StudyListing: Sendable {
    public var name: String
    public var path: String
    /// The report, or why the file cannot be read.
    public var report: Result<StudyReport, TuneError>
}

extension Engine {
    /// Every `*.sqlite` study in `tune.studies_dir`, by name.
    public func studies() -> [StudyListing] {
        let folder = studiesFolder
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".sqlite") }.map { String($0.dropLast(".sqlite".count)) }.sorted()
        return names.map { name in
            let path = StudyStore.path(name: name, folder: folder)
            return StudyListing(name: name, path: path, report: Result { () throws(TuneError) in try readStudy(at: path) })
        }
    }

    /// The study `name` of `tune.studies_dir`.
    /// - Throws: `TuneError.studyNotFound` (with a "did you mean"), `.notAStudy`, `.store`.
    public func study(named name: String) throws(TuneError) -> StudyReport {
        let path = StudyStore.path(name: name, folder: studiesFolder)
        guard FileManager.default.fileExists(atPath: path) else {
            let names = studies().map(\.name)
            throw .studyNotFound(name: name, folder: studiesFolder, suggestion: Suggestions.closest(to: name, among: names))
        }
        return try readStudy(at: path)
    }

    private func readStudy(at path: String) throws(TuneError) -> StudyReport {
        let store = try StudyStore(readingAt: path)
        return StudyReport(header: store.header, path: path, trials: try store.trials())
    }
}

extension Engine {
    /// The optimisation history of `symbol`'s most recently written study (of any model), for the
    /// research report; `nil` when `tune.studies_dir` holds no readable study of the symbol.
    /// - Complexity: O(studies · trials).
    public func tuningHistory(symbol: String) -> TuningHistory? {
        let key = symbol.uppercased()
        func modified(_ path: String) -> Date {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
        }
        let latest = studies()
            .compactMap { listing -> (report: StudyReport, date: Date)? in
                guard case .success(let report) = listing.report, report.header.symbol.uppercased() == key else {
                    return nil
                }
                // A WAL-mode study's last writes may still be in its -wal file.
                return (report, max(modified(listing.path), modified(listing.path + "-wal")))
            }
            .max { ($0.date, $0.report.header.name) < ($1.date, $1.report.header.name) }
        guard let report = latest?.report else { return nil }
        return TuningHistory(study: report.header.name, direction: report.header.direction, records: report.trials.map(\.record))
    }
}

extension TuneOutcome {
    /// The study after the run, as `inspect study` shows it.
    public var report: StudyReport { StudyReport(header: header, path: path, trials: trials) }
}
