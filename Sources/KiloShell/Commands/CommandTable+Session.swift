import Foundation
import KiloCore

extension CommandTable {
    static let set = CommandSpec(
        name: "set", group: .session, abstract: "Show or change a shell setting",
        discussion: """
            With no arguments, lists the settings. Names:
              format table|csv|json  how output is printed (json: one value per command per line)
              seed N|config          seed of every random source from now on (config: models.*.seed)
              bail on|off|default    stop a script or line at its first failing command
              echo on|off            echo script commands before running them
              timer on|off           print each command's duration on standard error
              clock now|TIME         the clock for staleness checks (UTC, e.g. 2025-08-23T11:00Z)
            The list ends with blas, read-only: the BLAS library, the kernel it runs and how that
            kernel was chosen, and its thread count (as in `kilo --version`).
            """,
        arguments: [
            .positional(
                "name", .choice(["format", "seed", "bail", "echo", "timer", "clock"]), optional: true,
                help: "The setting to change"),
            .positional("value", .settingValue, optional: true, help: "Its new value"),
        ],
        examples: ["set format json", "set seed 7", "set clock 2025-08-23T11:00Z"],
        run: { context, arguments in
            guard let name = arguments.string("name") else { return settingsOutput(context.settings, environment: context.environment) }
            guard let value = arguments.string("value") else {
                let current = settingsPairs(context.settings).first { $0.0 == name }?.1 ?? ""
                return CommandOutput(
                    blocks: [.fields([(name, current)])], json: .object([(name, .string(current))]))
            }
            try apply(name: name, value: value, to: &context.settings)
            return .message("\(name) = \(settingsPairs(context.settings).first { $0.0 == name }?.1 ?? value)")
        })

    static func apply(name: String, value: String, to settings: inout ShellSettings) throws(ShellError) {
        /// `value` read by `parse`, or the setting's error naming what it takes.
        func parsed<Value>(_ expected: String, _ parse: (String) -> Value?) throws(ShellError) -> Value {
            guard let parsed = parse(value) else {
                throw .invalidSetting(name: name, value: value, expected: expected)
            }
            return parsed
        }
        /// `nil` for the setting's `reset` word (in any case), else `parsed`.
        func resettable<Value>(_ reset: String, _ expected: String, _ parse: (String) -> Value?) throws(ShellError)
            -> Value?
        {
            value.lowercased() == reset ? nil : try parsed(expected, parse)
        }
        switch name {
        case "format":
            settings.format = try parsed("table, csv or json") { OutputFormat(rawValue: $0.lowercased()) }
        case "seed":
            settings.seed = try resettable("config", "a whole number ≥ 0 or 'config'") { UInt64($0) }
        case "bail":
            settings.bail = try resettable("default", "on, off or default", ArgumentBinder.parseToggle)
        case "echo", "timer":
            let flag = try parsed("on or off", ArgumentBinder.parseToggle)
            if name == "echo" { settings.echo = flag } else { settings.timer = flag }
        case "clock":
            settings.clock = try resettable("now", "'now' or a UTC time like 2025-08-23T11:00Z", UTCTime.parse)
        default:
            throw .invalidSetting(name: name, value: value, expected: "a known setting")
        }
    }

    static func settingsPairs(_ settings: ShellSettings) -> [(String, String)] {
        [
            ("format", settings.format.rawValue),
            ("seed", settings.seed.map { String($0) } ?? "config"),
            ("bail", settings.bail.map { $0 ? "on" : "off" } ?? "default"),
            ("echo", settings.echo ? "on" : "off"),
            ("timer", settings.timer ? "on" : "off"),
            ("clock", settings.clock.map(UTCTime.iso) ?? "now"),
        ]
    }

    static func settingsOutput(_ settings: ShellSettings, environment: [String: String]) -> CommandOutput {
        let pairs = settingsPairs(settings) + [("blas", BLASReport.current(environment: environment).summary)]
        return CommandOutput(blocks: [.fields(pairs)], json: .object(pairs.map { ($0.0, .string($0.1)) }))
    }

    static let history = CommandSpec(
        name: "history", group: .session, abstract: "List the lines entered in this session",
        arguments: [.positional("count", .integer(1...100_000), optional: true, placeholder: "N", help: "Show only the last N")],
        isRecorded: false,
        run: { context, arguments in
            let all = Array(context.history.enumerated())
            let shown = arguments.integer("count").map { Array(all.suffix($0)) } ?? all
            let table = OutputTable(
                columns: ["#", "line"], rows: shown.map { [.int(Int64($0.offset + 1)), .string($0.element)] })
            return .table(table)
        })

    static let saveSession = CommandSpec(
        name: "save session", group: .session, abstract: "Write this session's commands to a script",
        discussion: """
            Writes sessions/NAME.kilo (the folder is paths.sessions): a header of # comments (kilo
            version, date, config path and SHA-256, SHA-256 of every loaded data file, seed) and
            every command of this session that succeeded, in order, without save, history and
            help. `replay NAME` runs it again and reproduces the same outputs.
            """,
        arguments: [
            .positional("name", .word, help: "The session name (file sessions/NAME.kilo)"),
            .flag("--force", help: "Replace an existing session of that name"),
        ],
        examples: ["save session morning"],
        isRecorded: false,
        run: { context, arguments in
            let name = arguments.string("name") ?? ""
            let path = try SessionWriter.write(context: context, name: name, force: arguments.flag("--force"))
            return CommandOutput(
                blocks: [.text("saved \(context.recorded.count) commands to \(path)")],
                json: .object(["path": .string(path), "commands": .int(Int64(context.recorded.count))]))
        })

    static let replay = CommandSpec(
        name: "replay", group: .session, abstract: "Run a session script, echoing each command",
        discussion: """
            NAME runs sessions/NAME.kilo; a path runs that file. Each command is echoed with its
            file and line. Scripts may replay others, at most 8 deep; relative paths inside a
            script resolve against the script's folder. A failing command stops the script
            unless `set bail off`.
            """,
        arguments: [.positional("script", .session, help: "A session name or a .kilo path")],
        examples: ["replay demo", "replay sessions/morning.kilo"],
        run: { context, arguments in
            let path = SessionWriter.resolve(arguments.string("script") ?? "", context: context)
            let count = try context.runScript(at: path, echo: true)
            return CommandOutput(
                blocks: [.text("replayed \(count) command line\(count == 1 ? "" : "s") from \(path)")],
                json: .object(["replayed": .string(path), "lines": .int(Int64(count))]))
        })

    static let help = CommandSpec(
        name: "help", group: .session, abstract: "Show commands, or one command's help",
        discussion: "`help` lists every command; `help NAME` shows its usage and arguments; `help WORD` searches the help text.",
        arguments: [
            .positional("topic", .command, repeating: true, placeholder: "COMMAND", help: "A command name or a word to search for"),
            .flag("--markdown", help: "Print the whole command reference as Markdown (as in the README)"),
        ],
        examples: ["help", "help save session", "help script"],
        isRecorded: false,
        run: { _, arguments in
            if arguments.flag("--markdown") {
                let text = CommandReference.markdown()
                return CommandOutput(blocks: [.text(text)], json: .object(["markdown": .string(text)]))
            }
            return try HelpRenderer.help(for: arguments.strings("topic"))
        })

    static let quit = CommandSpec(
        name: "quit", aliases: ["exit"], group: .session, abstract: "Leave kilo",
        isRecorded: false,
        run: { _, _ in throw ShellExit(code: ExitStatus.ok) })
}
