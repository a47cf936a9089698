import ArgumentParser
import Foundation
import KiloCore
import KiloShell

/// `kilo generate-data N --seed S --bars B --out DIR`: N synthetic symbols (`SyntheticMarket`).
struct GenerateDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-data", abstract: "Write N deterministic synthetic symbols as Binance kline CSV files.",
        discussion: """
            Regime-switching random walks of 30-minute bars with realistic volume (zero on a few
            idle bars), named SYN0001_30m.csv, SYN0002_30m.csv, …; the same seed writes the same bytes.
            """)

    @Argument(help: "How many symbols.")
    var count: Int

    @Option(name: .long, help: "The seed of every draw.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Bars per symbol.")
    var bars: Int = 6_000

    @Option(name: .long, help: "The folder to write into (created when missing).")
    var out: String

    func validate() throws {
        guard (1...9_999).contains(count) else { throw ValidationError("N must be in 1...9999") }
        guard (1...10_000_000).contains(bars) else { throw ValidationError("--bars must be in 1...10000000") }
    }

    func run() throws {
        do {
            let paths = try SyntheticMarket(seed: seed, bars: bars).write(count: count, to: out)
            print("wrote \(paths.count) symbols of \(bars) bars to \(out)")
        } catch {
            FileHandle.standardError.write(Data("kilo: error: \(error)\n".utf8))
            throw ExitCode(ExitStatus.commandFailed)
        }
    }
}
