import KiloCore
/// Binds a command's words to its `ArgumentSpec`s, checking each value's kind.
public enum ArgumentBinder {
    /// Binds `words` (the words after the command name) to `spec`'s arguments.
    ///
    /// Positionals fill in order; `--name VALUE`, `--name=VALUE` and `--flag` may appear
    /// anywhere; `--` ends options. Defaults fill left-out optional arguments.
    /// - Throws: `UsageError` naming the argument that is missing, unknown or malformed.
    /// - Complexity: O(words × arguments).
    public static func bind(_ words: [Token], to spec: CommandSpec) throws(UsageError) -> BoundArguments {
        var bound = BoundArguments()
        var positionalValues: [String] = []
        var index = 0
        var optionsEnded = false
        func fail(_ message: String) -> UsageError {
            UsageError(command: spec.name, message: message, usage: spec.usage)
        }
        while index < words.count {
            let word = words[index]
            index += 1
            let isKeyword = spec.options.contains { $0.isKeyword && $0.name == word.text }
            guard !optionsEnded, !word.isQuoted, word.text.hasPrefix("--") || isKeyword else {
                positionalValues.append(word.text)
                continue
            }
            if word.text == "--" {
                optionsEnded = true
                continue
            }
            var name = word.text
            var inlineValue: String? = nil
            if !isKeyword, let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = spec.options.first(where: { $0.name == name }) else {
                let known = spec.options.map(\.name)
                let hint = Suggestions.closest(to: name, among: known).map { "; did you mean '\($0)'?" } ?? ""
                throw fail("unknown option '\(Excerpt.of(name))'\(hint)")
            }
            if option.kind == .flag {
                if inlineValue != nil { throw fail("option '\(Excerpt.of(name))' takes no value") }
                bound.setFlag(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < words.count {
                value = words[index].text
                index += 1
            } else {
                throw fail("option '\(name)' needs a value (\(option.placeholder))")
            }
            bound.append(try check(value, for: option, in: spec), for: name)
        }
        let positionals = spec.positionals
        var valueIndex = 0
        for argument in positionals {
            if argument.isRepeating {
                while valueIndex < positionalValues.count {
                    bound.append(try check(positionalValues[valueIndex], for: argument, in: spec), for: argument.name)
                    valueIndex += 1
                }
            } else if valueIndex < positionalValues.count {
                // An optional word from a fixed set (`step [trader] [N]`) is skipped when the
                // value is not one of its words and a later positional can take it — never for a
                // setting name (`set NAME VALUE`), whose value means nothing alone.
                let next = positionals.firstIndex { $0.name == argument.name }.map { $0 + 1 }
                    .flatMap { $0 < positionals.count ? positionals[$0] : nil }
                if argument.isOptional, case .choice(let words) = argument.kind,
                    !words.contains(positionalValues[valueIndex].lowercased()), argument.name != positionals.last?.name,
                    next?.kind != .settingValue
                {
                    continue
                }
                bound.append(try check(positionalValues[valueIndex], for: argument, in: spec), for: argument.name)
                valueIndex += 1
            } else if !argument.isOptional {
                throw fail("missing \(argument.placeholder) (\(argument.help))")
            }
        }
        if valueIndex < positionalValues.count {
            throw fail("unexpected argument '\(Excerpt.of(positionalValues[valueIndex]))'")
        }
        for argument in spec.arguments where bound.values[argument.name] == nil {
            if let value = argument.defaultValue { bound.append(value, for: argument.name) }
        }
        return bound
    }

    /// Parses on/off words: `on`/`off`, `true`/`false`, `yes`/`no`, `1`/`0`.
    public static func parseToggle(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "on", "true", "yes", "1": true
        case "off", "false", "no", "0": false
        default: nil
        }
    }

    /// Checks one value against its kind and returns it normalised (symbols upper-cased,
    /// choices lower-cased).
    static func check(_ value: String, for argument: ArgumentSpec, in spec: CommandSpec) throws(UsageError) -> String {
        func fail(_ message: String) -> UsageError {
            UsageError(command: spec.name, message: message, usage: spec.usage)
        }
        let label = argument.isOption ? "option '\(argument.name)'" : argument.placeholder
        switch argument.kind {
        case .symbol:
            guard isSymbolLike(value) else { throw fail("\(label): '\(Excerpt.of(value))' is not a symbol like BTCEUR") }
            return value.uppercased()
        case .symbolOrAll:
            if value.lowercased() == "all" { return "all" }
            guard isSymbolLike(value) else { throw fail("\(label): '\(Excerpt.of(value))' is not a symbol like BTCEUR or 'all'") }
            return value.uppercased()
        case .modelKind(let allowsAll):
            let kinds = ModelKind.allCases.map(\.rawValue) + (allowsAll ? ["all"] : [])
            let aliases = ModelRegistry.aliases
            let lower = value.lowercased()
            if let canonical = aliases[lower] { return canonical }
            guard kinds.contains(lower) else {
                let hint = Suggestions.closest(to: lower, among: kinds).map { "; did you mean '\($0)'?" } ?? ""
                throw fail("\(label): unknown model '\(Excerpt.of(value))', expected \(kinds.joined(separator: ", "))\(hint)")
            }
            return lower
        case .integer(let range):
            guard let number = Int(value) else { throw fail("\(label): '\(Excerpt.of(value))' is not a whole number") }
            guard range.contains(number) else {
                throw fail("\(label): \(number) is outside \(range.lowerBound)...\(range.upperBound)")
            }
            return value
        case .number:
            guard let number = Double(value), number.isFinite else {
                throw fail("\(label): '\(Excerpt.of(value))' is not a number")
            }
            return value
        case .choice(let words):
            let lower = value.lowercased()
            guard words.contains(lower) else {
                let hint = Suggestions.closest(to: lower, among: words).map { "; did you mean '\($0)'?" } ?? ""
                throw fail("\(label): '\(Excerpt.of(value))' is not one of \(words.joined(separator: ", "))\(hint)")
            }
            return lower
        case .toggle:
            guard parseToggle(value) != nil else { throw fail("\(label): '\(Excerpt.of(value))' is not on or off") }
            return value.lowercased()
        case .path, .dataSource, .session, .word, .command, .settingValue, .featureName, .flag:
            return value
        }
    }

    private static func isSymbolLike(_ text: String) -> Bool { BarSymbol.isValid(text) }
}
