import Foundation
import Testing

@testable import KiloCore

/// The study file: created with its header, trials written running then finished, reopened,
/// and refused when made for something else.
@Suite struct StudyStoreTests {
    static func header(name: String = "s", objective: TuneObjective = .netSharpe, seed: UInt64 = 7) -> StudyHeader {
        StudyHeader(
            name: name, model: .lightgbm, symbol: "BTCEUR", objective: objective, sampler: .tpe,
            samplerSettings: "startup 10, candidates 24, kernels kilo", pruner: .median,
            seed: seed, folds: 3, dataSHA256: "abc", specHash: "def", space: TuneSpace.lightgbmDefault.space,
            baseConfig: "{}", created: 1_700_000_000_000)
    }

    private func folder() -> String { NSTemporaryDirectory() + "kilo-study-\(UUID().uuidString)" }

    @Test func trialsAreWrittenRunningThenFinishedAndReadBack() throws {
        let path = StudyStore.path(name: "s", folder: folder())
        let store = try StudyStore(path: path, creating: Self.header())
        let record = TrialRecord(number: 0, parameters: ["num_leaves": .int(40), "learning_rate": .float(0.01)], seed: UInt64.max - 3)
        try store.start([record])
        #expect(try store.trials().map(\.record.state) == [.running])
        var done = record
        done.foldValues = [0.1, -0.2, 0.3]
        done.state = .complete
        done.value = 0.2 / 3
        done.duration = 1.5
        let moments = Moments([0.01, -0.02, 0.03, 0.0])
        try store.finish(StudyTrial(record: done, netSharpe: 0.05, netMoments: moments))

        let reopened = try StudyStore(readingAt: path)
        #expect(reopened.header == Self.header())
        let trials = try reopened.trials()
        #expect(trials.count == 1)
        #expect(trials[0].record == done)
        #expect(trials[0].netSharpe == 0.05)
        #expect(trials[0].netMoments == moments)
    }

    @Test func readingAgainReusesUnchangedParametersAndDecodesChangedOnes() throws {
        let store = try StudyStore(path: StudyStore.path(name: "s", folder: folder()), creating: Self.header())
        try store.start([
            TrialRecord(number: 0, parameters: ["num_leaves": .int(40)], seed: 1),
            TrialRecord(number: 1, parameters: ["num_leaves": .int(50)], seed: 2),
        ])
        let first = try store.trials()
        // Trial 1 is discarded and suggested again with other values under its number.
        try store.discard([1])
        try store.start([TrialRecord(number: 1, parameters: ["num_leaves": .int(60)], seed: 2)])
        let second = try store.trials()
        #expect(EncodingMemo.isSameValue(first[0].record.parameters, second[0].record.parameters))
        #expect(second[1].record.parameters == ["num_leaves": .int(60)])
        #expect(try StudyStore(readingAt: store.path).trials().map(\.record) == second.map(\.record))
    }

    @Test func resumingWithAnotherIdentityNamesTheField() throws {
        let path = StudyStore.path(name: "s", folder: folder())
        _ = try StudyStore(path: path, creating: Self.header())
        _ = try StudyStore(path: path, creating: Self.header())  // same identity: resumes
        let error = #expect(throws: TuneError.self) {
            _ = try StudyStore(path: path, creating: Self.header(objective: .rmse))
        }
        #expect(error == .studyMismatch(study: "s", field: "objective", stored: "net-sharpe", requested: "rmse"))
        #expect(error?.description.contains("different objective") == true)
        var other = Self.header()
        other.dataSHA256 = "zzz"
        #expect(throws: TuneError.studyMismatch(study: "s", field: "data SHA-256", stored: "abc", requested: "zzz")) {
            _ = try StudyStore(path: path, creating: other)
        }
        var space = Self.header()
        space.space.parameters.removeLast()
        #expect(throws: TuneError.self) { _ = try StudyStore(path: path, creating: space) }
        var spec = Self.header()
        spec.specHash = "x"
        #expect(throws: TuneError.studyMismatch(study: "s", field: "feature spec hash", stored: "def", requested: "x")) {
            _ = try StudyStore(path: path, creating: spec)
        }
    }

    @Test func runningTrialsOfADeadProcessAreMarkedFailed() throws {
        let path = StudyStore.path(name: "s", folder: folder())
        let store = try StudyStore(path: path, creating: Self.header())
        try store.start([TrialRecord(number: 0, parameters: [:], seed: 1), TrialRecord(number: 1, parameters: [:], seed: 2)])
        #expect(try store.failRunning(reason: TuneRun.deadTrialReason) == [0, 1])
        let trials = try store.trials()
        #expect(trials.allSatisfy { $0.record.state == .failed && $0.record.failure == TuneRun.deadTrialReason })
        try store.discard([1])
        #expect(try store.trials().map(\.record.number) == [0])
    }

    @Test func otherFilesAreRefused() throws {
        let dir = folder()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let text = dir + "/t.sqlite"
        try "not a database at all".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(throws: TuneError.notAStudy(path: text, reason: "the file is not an SQLite database")) {
            _ = try StudyStore(path: text, creating: Self.header())
        }
        #expect(throws: TuneError.notAStudy(path: dir + "/none.sqlite", reason: "no such file")) {
            _ = try StudyStore(readingAt: dir + "/none.sqlite")
        }
    }
}
