import ArgumentParser
import CLibEdit
import Foundation
import KiloCore
import KiloShell

/// `kilo fetch`: the shell's `fetch` as one process (Ctrl-C or SIGTERM stops it between pages,
/// keeping every page written).
struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download closed candles from the exchange into the market store.",
        discussion: """
            Pages trading.live.base_url's klines endpoint (1000 bars a request) into
            trading.live.market_store, resuming after each symbol's last stored bar. SYMBOL is a
            symbol or all (data.symbols). Dates are UTC (2022-01-01 or 2022-01-01T12:00); --to is
            not included. Exit status 3 when every symbol failed.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "A symbol, or all (data.symbols).")
    var symbol: String = "all"

    @Option(name: .long, help: "First bar (UTC date).")
    var from: String?

    @Option(name: .long, help: "End, not included (UTC date; default now).")
    var to: String?

    @Option(name: .long, help: "Bar interval (default data.interval).")
    var interval: String?

    func run() throws {
        let context = try options.makeProgressContext()
        var words = ["fetch", Tokenizer.quoted(symbol)]
        if let from { words += ["--from", Tokenizer.quoted(from)] }
        if let to { words += ["--to", Tokenizer.quoted(to)] }
        if let interval { words += ["--interval", Tokenizer.quoted(interval)] }
        let status = Shell.runCommands(words.joined(separator: " "), context: context)
        if status != ExitStatus.ok { throw ExitCode(status) }
    }
}
