import Foundation
@testable import KiloCore
import Synchronization
import Testing

@testable import KiloShell

@Suite struct ProgressBoardTests {
    @Test func barsShareOneLineAndAFinishedRunLeavesASummary() {
        let written = Mutex<[String]>([])
        let board = ProgressBoard(write: { text in written.withLock { $0.append(text) } })
        board.update(TrainingProgress(kind: .gru, symbol: "BTCEUR", step: 3, total: 12, metrics: "loss 0.5", elapsed: 0))
        board.update(TrainingProgress(kind: .ppo, symbol: "BTCEUR", step: 6, total: 12, metrics: "", elapsed: 0))
        let last = written.withLock { $0.last } ?? ""
        #expect(last == "\rgru BTCEUR [###---------] 3/12 loss 0.5 | ppo BTCEUR [######------] 6/12 \u{1B}[K")
        board.finished(.ppo, "BTCEUR", .failure(CommandFailure(message: "diverged")))
        #expect(written.withLock { $0.last } == "\rppo BTCEUR: failed: diverged\u{1B}[K\ngru BTCEUR [###---------] 3/12 loss 0.5")
        board.finish()
        #expect(written.withLock { $0.last } == "\r\u{1B}[K")
    }

    @Test func aFetchBarShowsBarsRateAndTimeLeft() {
        let written = Mutex<[String]>([])
        let board = ProgressBoard(write: { text in written.withLock { $0.append(text) } })
        board.update(FetchProgress(symbol: "BTCEUR", fetched: 0, expected: 52_555, elapsedMilliseconds: 0))
        #expect(written.withLock { $0.last } == "\rBTCEUR [------------] 0/52555 bars\u{1B}[K")
        board.update(FetchProgress(symbol: "BTCEUR", fetched: 26_000, expected: 52_000, elapsedMilliseconds: 4_000))
        board.update(FetchProgress(symbol: "ETHEUR", fetched: 1_000, expected: 4_000, elapsedMilliseconds: 2_000))
        #expect(
            written.withLock { $0.last }
                == "\rBTCEUR [######------] 26000/52000 bars 6500 bars/s ETA 4s | ETHEUR [###---------] 1000/4000 bars 500 bars/s ETA 6s\u{1B}[K")
    }

    @Test func withoutATerminalNothingIsWritten() {
        let board = ProgressBoard(write: nil)
        board.update(TrainingProgress(kind: .gru, symbol: "X", step: 1, total: 2, metrics: "", elapsed: 0))
        board.finish()  // no crash, nothing to write to
    }
}
