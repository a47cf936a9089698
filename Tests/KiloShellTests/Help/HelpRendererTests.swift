import Testing

@testable import KiloShell

@Suite struct HelpRendererTests {
    @Test func overviewListsEveryCommandByGroup() {
        let text = OutputRenderer.render(HelpRenderer.overview(), as: .table)
        for spec in CommandTable.all where !spec.isHidden {
            #expect(text.contains("  \(spec.name) "), "help does not list \(spec.name)")
        }
        #expect(text.contains("Session:"))
    }

    @Test(arguments: CommandTable.all.map(\.name))
    func helpForEveryCommand(name: String) throws {
        let words = name.split(separator: " ").map(String.init)
        let output = try HelpRenderer.help(for: words)
        let text = OutputRenderer.render(output, as: .table)
        let spec = try #require(CommandTable.byName[name])
        #expect(text.hasPrefix("usage: \(spec.usage)\n"))
        for argument in spec.arguments { #expect(text.contains(argument.help)) }
        #expect(output.json.serialized().contains(#""name":"\#(name)""#))
    }

    @Test func searchAndUnknown() throws {
        let output = try HelpRenderer.help(for: ["script"])
        #expect(OutputRenderer.render(output, as: .table).contains("replay"))
        #expect(throws: ShellError.noHelp("qit", suggestion: "quit")) { try HelpRenderer.help(for: ["qit"]) }
    }
}
