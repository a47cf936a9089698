import Foundation

/// The pipelined schedule `TuneRun` and the cluster path (`Engine.planTuneBatch`, `JobRunner` on a
/// `tune-trial` job, `Engine.recordTrials`) share, so a study is a pure function of its seed, the
/// parallel count P, the lag L and the data, run to run, locally and through `kilo cluster tune`.
///
/// Trial k's *view* is the study's trials numbered ≤ k − L, all finished, followed by trials
/// k − L + 1 … k − 1 as `running` (their parameters and seeds only, whatever their real state:
/// Optuna's constant liar, which the TPE sampler puts above). Trial k is suggested from its view and
/// its pruner judges each fold against the same view. It starts once every trial numbered ≤ k − L
/// has finished and fewer than P trials run. With P = 1 the lag is 1 and trial k sees every trial
/// before it: the sequential study.
extension TuneRun {
    /// The lag L for `parallel` trials at once: 2P − 1 (1 for one trial at a time). Up to L − 1
    /// trials run unseen beside a new one, so a slot idles only while the trial L numbers back is
    /// still running (see bench/RESULTS.md, "Pipelined parallel trials", for why not P or 2P).
    /// - Complexity: O(1).
    public static func defaultLag(parallel: Int) -> Int { 2 * max(1, parallel) - 1 }

    /// The numbers a run goes on to run, ascending: the first `trials − history.count` numbers the
    /// study does not hold (a trial an interrupted run discarded is run again under its number).
    /// - Complexity: O(history + trials).
    public static func pendingNumbers(_ history: [TrialRecord], trials: Int) -> [Int] {
        let held = Set(history.map(\.number))
        var numbers: [Int] = []
        var candidate = 0
        while numbers.count < trials - history.count {
            if !held.contains(candidate) { numbers.append(candidate) }
            candidate += 1
        }
        return numbers
    }

    /// The highest m such that the study holds trials 0…m and all have finished (−1 for none).
    /// - Complexity: O(n log n) for n trials.
    static func finishedPrefix(_ history: [TrialRecord]) -> Int {
        var last = -1
        for record in history.sorted(by: { $0.number < $1.number }) {
            guard record.number == last + 1, record.state != .running else { break }
            last = record.number
        }
        return last
    }

    /// Trial `number`'s view in `history` (any order): the trials numbered ≤ number − lag as they
    /// are, then those numbered number − lag + 1 … number − 1 as `running` (parameters and seed kept,
    /// outcome, failure and duration cleared), by number.
    /// - Complexity: O(n log n) for n trials.
    public static func view(of number: Int, in history: [TrialRecord], lag: Int) -> [TrialRecord] {
        let seen = number - max(1, lag)
        return history.filter { $0.number < number }.sorted { $0.number < $1.number }.map { record in
            record.number <= seen ? record : TrialRecord(number: record.number, parameters: record.parameters, seed: record.seed)
        }
    }

    /// The trials to start now in a study whose `history` holds its finished trials and, as
    /// `running`, the ones in flight: the pending numbers in order while fewer than `parallel` run
    /// and each one's view is complete (every trial ≤ number − lag finished), each suggested from its
    /// view and given its seed `TuneJob.trialSeed(studySeed:number:)`.
    /// - Returns: The trials as `running` records with their views (for the pruner); empty when the
    ///   study holds `trials` trials, `parallel` run, or the next trial waits for an older one.
    /// - Complexity: One suggestion per trial started, each the sampler's cost on its view.
    public static func nextTrials(
        header: StudyHeader, history: [TrialRecord], sampler: any TrialSampler, trials: Int, parallel: Int, lag: Int
    ) -> [(record: TrialRecord, view: [TrialRecord])] {
        var study = history
        var running = history.count(where: { $0.state == .running })
        let finished = finishedPrefix(history)
        var started: [(record: TrialRecord, view: [TrialRecord])] = []
        for number in pendingNumbers(history, trials: trials) {
            guard running < max(1, parallel), number - max(1, lag) <= finished else { break }
            let view = view(of: number, in: study, lag: lag)
            let record = TrialRecord(
                number: number,
                parameters: sampler.suggest(
                    space: header.space, history: view, direction: header.direction, trialNumber: number, seed: header.seed),
                seed: TuneJob.trialSeed(studySeed: header.seed, number: number))
            study.append(record)
            started.append((record, view))
            running += 1
        }
        return started
    }
}
