import Foundation

/// Runs a sampler on a ``TuneTestFunction`` (`check tpe FUNCTION`): the best value found after 50
/// and after all trials, and optionally the time one suggestion takes with a given number of
/// finished trials.
public enum SamplerCheck {
    /// What a run found.
    public struct Report: Sendable, Equatable {
        public var function: String
        public var sampler: String
        public var seed: UInt64
        public var trials: Int
        /// The best value among the first min(50, trials) trials.
        public var bestAfter50: Double
        /// The best value among all trials.
        public var best: Double
        public var bestParameters: TrialParameters
        /// The function's known minimum.
        public var minimum: Double
        /// The suggestion timing, when asked for.
        public var timing: Timing?
        /// How the trials ended when scored fold by fold.
        public var folds: FoldOutcome?
    }

    /// How a run scored fold by fold ended: each trial's value on fold k is the function's plus
    /// ``TuneTestFunction/foldDeviation(_:space:fold:of:)``, judged after each fold but the last
    /// by a ``MedianPruner`` (5 startup trials) over the trials before it, as `tune` does.
    public struct FoldOutcome: Sendable, Equatable {
        /// Folds per trial.
        public var count: Int
        /// Trials that scored every fold, and trials the pruner stopped.
        public var complete: Int, pruned: Int
        /// Folds scored over all trials.
        public var foldsRun: Int
    }

    /// Seconds per suggestion with `history` finished trials (each timed suggestion's trial is
    /// evaluated and joins the history before the next): wall time, and the calling thread's CPU
    /// time, which a loaded machine does not inflate.
    public struct Timing: Sendable, Equatable {
        public var history: Int
        public var suggestions: Int
        public var meanSeconds: Double
        public var maxSeconds: Double
        public var meanCPUSeconds: Double
        /// The middle suggestion's CPU time (the mean of the middle two): the typical suggestion,
        /// where the mean also carries the first one's cold start (encoding the whole history,
        /// fitting g(x) afresh, empty mass tables).
        public var medianCPUSeconds: Double
        public var maxCPUSeconds: Double
    }

    /// Suggestions timed after the history is built.
    public static let timedSuggestions = 20

    /// Runs `trials` trials of `sampler` on `function` (minimising), each trial seeing all the
    /// earlier ones; with `folds` (2 or more) each trial is scored fold by fold and may be pruned
    /// (``FoldOutcome``), and the best values are those of complete trials. With `history`, then
    /// builds a history of that many trials suggested by ``RandomSampler`` (seeded `seed + 1`)
    /// and times ``timedSuggestions`` suggestions of `sampler` on it with a monotonic clock.
    /// Stops early (with what it has) when cancelled.
    /// - Complexity: `trials` suggestions and up to `trials × folds` evaluations.
    public static func run(
        function: TuneTestFunction, sampler: any TrialSampler, samplerName: String, trials: Int, seed: UInt64,
        folds: Int? = nil, history historySize: Int? = nil, cancellation: CancellationToken? = nil
    ) -> Report {
        let foldCount = folds.flatMap { $0 >= 2 ? $0 : nil }
        var records = runTrials(
            function: function, sampler: sampler, count: trials, seed: seed, start: [], folds: foldCount,
            cancellation: cancellation)
        let bestIndex = records.indices.filter { records[$0].value != nil }
            .min { (records[$0].value ?? 0) < (records[$1].value ?? 0) }
        var report = Report(
            function: function.name, sampler: samplerName, seed: seed, trials: records.count,
            bestAfter50: records.prefix(50).compactMap(\.value).min() ?? .nan,
            best: records.compactMap(\.value).min() ?? .nan,
            bestParameters: bestIndex.map { records[$0].parameters } ?? [:], minimum: function.minimum, timing: nil)
        if let foldCount {
            report.folds = FoldOutcome(
                count: foldCount, complete: records.count(where: { $0.state == .complete }),
                pruned: records.count(where: { $0.state == .pruned }),
                foldsRun: records.reduce(0) { $0 + $1.foldValues.count })
        }
        if let historySize, historySize >= 0 {
            records = runTrials(
                function: function, sampler: RandomSampler(), count: historySize, seed: seed &+ 1, start: [],
                cancellation: cancellation)
            var durations: [Double] = []
            var cpuDurations: [Double] = []
            let clock = ContinuousClock()
            for _ in 0..<timedSuggestions where cancellation?.isCancelled != true {
                let number = records.count
                var parameters: TrialParameters = [:]
                let cpuStart = threadCPUSeconds()
                let elapsed = clock.measure {
                    parameters = sampler.suggest(
                        space: function.space, history: records, direction: .minimize, trialNumber: number, seed: seed)
                }
                cpuDurations.append(threadCPUSeconds() - cpuStart)
                durations.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
                records.append(record(number: number, parameters: parameters, function: function, seed: seed))
            }
            report.timing = Timing(
                history: historySize, suggestions: durations.count,
                meanSeconds: durations.isEmpty ? .nan : durations.reduce(0, +) / Double(durations.count),
                maxSeconds: durations.max() ?? .nan,
                meanCPUSeconds: cpuDurations.isEmpty ? .nan : cpuDurations.reduce(0, +) / Double(cpuDurations.count),
                medianCPUSeconds: MedianPruner.median(cpuDurations) ?? .nan, maxCPUSeconds: cpuDurations.max() ?? .nan)
        }
        return report
    }

    /// The calling thread's CPU time in seconds.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// `count` more trials of `sampler` after `start` (scored on `folds` folds when given).
    static func runTrials(
        function: TuneTestFunction, sampler: any TrialSampler, count: Int, seed: UInt64, start: [TrialRecord],
        folds: Int? = nil, cancellation: CancellationToken?
    ) -> [TrialRecord] {
        var records = start
        records.reserveCapacity(start.count + count)
        for _ in 0..<count where cancellation?.isCancelled != true {
            let number = records.count
            let parameters = sampler.suggest(
                space: function.space, history: records, direction: .minimize, trialNumber: number, seed: seed)
            var trial = record(number: number, parameters: parameters, function: function, seed: seed)
            if let folds, let value = trial.value {
                trial = foldedRecord(trial, value: value, function: function, folds: folds, history: records)
            }
            records.append(trial)
        }
        return records
    }

    /// `trial` (complete with the function's `value`) scored fold by fold: fold k's value is
    /// `value` plus the fold's deviation; after each fold but the last a ``MedianPruner`` judges
    /// the running mean against `history`. Complete with the mean over the folds, or pruned.
    /// - Complexity: O(folds · history).
    static func foldedRecord(
        _ trial: TrialRecord, value: Double, function: TuneTestFunction, folds: Int, history: [TrialRecord]
    ) -> TrialRecord {
        var folded = TrialRecord(number: trial.number, parameters: trial.parameters, seed: trial.seed)
        let pruner = MedianPruner()
        for k in 0..<folds {
            folded.foldValues.append(
                value + TuneTestFunction.foldDeviation(trial.parameters, space: function.space, fold: k, of: folds))
            if k + 1 < folds, pruner.shouldPrune(foldValues: folded.foldValues, history: history, direction: .minimize) {
                folded.state = .pruned
                return folded
            }
        }
        folded.state = .complete
        folded.value = folded.foldValues.reduce(0, +) / Double(folds)
        return folded
    }

    /// The finished trial: complete with the function's value, or failed when it has none.
    static func record(number: Int, parameters: TrialParameters, function: TuneTestFunction, seed: UInt64) -> TrialRecord {
        if let value = function.evaluate(parameters), value.isFinite {
            return TrialRecord(number: number, parameters: parameters, state: .complete, value: value, seed: seed)
        }
        return TrialRecord(
            number: number, parameters: parameters, state: .failed, seed: seed, failure: "no value for these parameters")
    }
}
