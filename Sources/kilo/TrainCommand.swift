import ArgumentParser
import CLibEdit
import Foundation
import KiloCore
import KiloShell

/// `kilo train`: the shell's `load` and `train` for the configured symbols, as one process.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train per-symbol models on their own data and write them to the models folder.",
        discussion: """
            Symbols default to data.symbols in the config; each is loaded from data.dir. Runs go in
            parallel (training.parallel_runs) and write the same files as one after another.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("all, \(ModelRegistry.namesWithAliases)."))
    var model: String = "all"

    @Option(name: .long, help: "Train only this symbol (default: data.symbols).")
    var symbol: String?

    @Option(name: .customLong("models-dir"), help: "Write models here instead of paths.models.")
    var modelsDirectory: String?

    @Option(name: .customLong("walk-forward"), help: "Evaluate with K expanding walk-forward folds instead (writes no files).")
    var walkForward: Int?

    @Flag(name: .long, help: "Refuse to train on a symbol whose validate reports errors (default: warn and train).")
    var strict = false

    func validate() throws {
        if let walkForward, walkForward < 2 { throw ValidationError("--walk-forward needs at least 2 folds") }
    }

    func run() throws {
        let context = try options.makeProgressContext(modelsDirectory: modelsDirectory)
        let symbols = symbol.map { [$0.uppercased()] } ?? context.engine.config.data.symbols
        if context.engine.config.training.runner == .ray { throw try handToRay(context.engine, symbols: symbols) }
        let folds = (walkForward.map { " --walk-forward \($0)" } ?? "") + (strict ? " --strict" : "")
        // One `train` over every symbol, so the runs share both cores.
        let commands = symbols.map { "load \($0)" } + ["train \(model) \(symbol?.uppercased() ?? "all")\(folds)"]
        let status = Shell.runCommands(commands.joined(separator: "; "), context: context)
        if status != ExitStatus.ok { throw ExitCode(status) }
    }

    /// `training.runner: ray`: plans the jobs into `{paths.models}/jobs/plan_{stamp}.jsonl` and
    /// replaces this process with the Ray driver; returns only when the driver cannot start.
    private func handToRay(_ engine: Engine, symbols: [String]) throws -> ExitCode {
        let stamp = ModelStore.timestamp(Date())
        let request: JobPlanRequest = walkForward.map { .walkForward(folds: $0) } ?? .train
        let folder = PathText.folder(of: JobResult.path(id: "x", in: engine.config.paths.models))
        let path = PathText.join(folder, "plan_\(stamp).jsonl")
        do {
            let kinds = try PlanCommand.kinds(model, walkForward: walkForward != nil)
            let jobs = try engine.planJobs(request, models: kinds, symbols: symbols, seed: options.seed, stamp: stamp)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data((try jobs.map { try $0.line() }.joined(separator: "\n") + "\n").utf8)
                .write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            FileHandle.standardError.write(Data("kilo: error: \(error)\n".utf8))
            return ExitCode(ExitStatus.commandFailed)
        }
        FileHandle.standardError.write(Data("training.runner is ray: planned \(path)\n".utf8))
        return RayLauncher.exec(
            ray: engine.config.training.ray, address: nil, jobs: path, store: engine.config.paths.models)
    }
}
