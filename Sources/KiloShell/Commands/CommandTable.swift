/// The one registry of shell commands. Help, usage, binding, completion and the self-check
/// test all read `CommandTable.all`.
public enum CommandTable {
    /// Every command, in help order within each group.
    public static let all: [CommandSpec] = [
        load, symbols, showData, validate, fetch,
        features, inspectNaNReport, inspectFeatures, exportFeatures,
        train, models, score, inspectModel, report, checkPPOCartPole,
        tune, studies, inspectStudy, plotStudy, exportStudy,
        checkTPE,
        step, portfolio, trades, traderStatus, traderReset, backtest, plotEquity,
        traderLiveStart, traderLiveStop, traderLiveStatus, notifyTest,
        set, history, saveSession, replay, help, quit,
    ]

    /// Names and aliases to commands (multi-word names included).
    public static let byName: [String: CommandSpec] = {
        var table: [String: CommandSpec] = [:]
        for spec in all {
            for name in [spec.name] + spec.aliases { table[name] = spec }
        }
        return table
    }()

    /// The most words any command name has.
    public static let longestName: Int = allNames.map { $0.split(separator: " ").count }.max() ?? 1

    /// Every name and alias.
    public static var allNames: [String] { all.flatMap { [$0.name] + $0.aliases } }

    /// The commands `help` lists (every command not marked hidden).
    public static var listed: [CommandSpec] { all.filter { !$0.isHidden } }

    /// The names and aliases of the listed commands (for completion).
    public static var listedNames: [String] { listed.flatMap { [$0.name] + $0.aliases } }

    /// The command named by the first words of `words` (longest name first), with how many
    /// words the name used, or `nil`.
    /// - Complexity: O(longestName).
    public static func lookup(_ words: [String]) -> (spec: CommandSpec, wordCount: Int)? {
        for count in stride(from: min(longestName, words.count), through: 1, by: -1) {
            let name = words[0..<count].joined(separator: " ").lowercased()
            if let spec = byName[name] { return (spec, count) }
        }
        return nil
    }
}
