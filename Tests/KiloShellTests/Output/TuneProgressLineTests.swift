import Foundation
import KiloCore
import Testing

@testable import KiloShell

@Suite struct TuneProgressLineTests {
    @Test func showsTrialBestAndEachRunningFold() {
        let line = TuneProgressLine.line(
            TuneProgress(study: "s", finished: 11, total: 100, best: 0.03125, running: [12: 0, 11: 2], folds: 5))
        #expect(line == "s: trial 12/100, best 0.03125; #11 fold 3/5, #12 fold 1/5")
        let first = TuneProgressLine.line(TuneProgress(study: "s", finished: 0, total: 4, best: nil, running: [:], folds: 2))
        #expect(first == "s: trial 1/4, best —")
    }

    @Test func writesOnlyWithAWriterAndClearsTheLine() {
        final class Sink: @unchecked Sendable { var text = "" }
        let sink = Sink()
        let line = TuneProgressLine(write: { sink.text += $0 })
        line.update(TuneProgress(study: "s", finished: 1, total: 2, best: 1, running: [1: 0], folds: 2))
        line.finish()
        #expect(sink.text.hasPrefix("\rs: trial 2/2, best 1; #1 fold 1/2"))
        #expect(sink.text.hasSuffix("\r\u{1B}[K"))
        TuneProgressLine(write: nil).update(TuneProgress(study: "s", finished: 0, total: 1, best: nil, running: [:], folds: 2))
    }
}
