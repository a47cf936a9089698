import Foundation

/// What `kilo plan` splits into jobs.
public enum JobPlanRequest: Sendable, Equatable {
    /// One train job per (symbol, model).
    case train
    /// One job per (symbol, model, fold) of a `folds`-fold walk-forward evaluation.
    case walkForward(folds: Int)
}

extension Engine {
    /// The independent units of `request` for every symbol × model, symbols outermost, as jobs
    /// that carry this engine's config, each data file's SHA-256 and size, the seed and `stamp`.
    /// Data files are found as `load` finds them (a path, or `SYMBOL_*.csv` in `data.dir`) and
    /// hashed here; nothing is loaded or trained.
    /// - Parameters:
    ///   - request: Train or walk-forward.
    ///   - models: The model kinds; a walk-forward plan takes only kinds that evaluate by regression.
    ///   - symbols: Symbols or data file paths.
    ///   - seed: Every job's seed (default: each model's configured `seed`).
    ///   - stamp: The time stamp in the file names (`ModelStore.timestamp`).
    /// - Complexity: O(symbols × models × folds) jobs, plus reading each data file once.
    /// - Throws: `JobError.unplannable` (a PPO walk-forward, fewer than 2 folds, no model or symbol),
    ///   `DataError` for a data file not found or unreadable.
    public func planJobs(
        _ request: JobPlanRequest, models: [ModelKind], symbols: [String], seed: UInt64?, stamp: String
    ) throws -> [JobSpec] {
        guard !models.isEmpty, !symbols.isEmpty else { throw JobError.unplannable(reason: "no model or no symbol given") }
        if case .walkForward(let folds) = request {
            guard folds >= 2 else { throw JobError.unplannable(reason: "walk-forward needs at least 2 folds, got \(folds)") }
            if let kind = models.first(where: { !$0.family.evaluatesByRegression }) {
                throw JobError.unplannable(reason: "walk-forward evaluates regression models; \(kind) reports its trading evaluation")
            }
        }
        let sections = try JobJSON(encoding: config.models)
        var jobs: [JobSpec] = []
        for source in symbols {
            let data = try dataFile(source)
            let symbol = try Self.symbol(of: source, path: data.path)
            for kind in models {
                guard let params = sections[kind.rawValue] else {
                    throw JobError.unplannable(reason: "models.\(kind) has no section")
                }
                let jobSeed = try seed ?? Self.configuredSeed(params, kind: kind)
                var job = JobSpec(
                    format: JobSpec.currentFormat, id: "", kind: .train, symbol: symbol, model: kind.rawValue,
                    fold: nil, folds: nil, seed: jobSeed, stamp: stamp, data: data, config: config, params: params,
                    configHash: "", kiloVersion: Kilo.version)
                job.configHash = JobSpec.configHash(of: try job.effectiveConfig())
                switch request {
                case .train:
                    job.id = "train_\(kind)_\(symbol)_\(stamp)"
                    jobs.append(job)
                case .walkForward(let folds):
                    for fold in 0..<folds {
                        var unit = job
                        (unit.kind, unit.fold, unit.folds) = (.walkForwardFold, fold, folds)
                        unit.id = "wf\(fold + 1)of\(folds)_\(kind)_\(symbol)_\(stamp)"
                        jobs.append(unit)
                    }
                }
            }
        }
        return jobs
    }

    /// The data file `load source` would read, hashed.
    /// - Throws: `DataError`.
    func dataFile(_ source: String) throws -> JobSpec.DataFile {
        let path = try resolveDataSource(source)
        guard let sha = Engine.hashFile(at: path) else { throw DataError.unreadable(path: path, reason: "cannot be read") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? nil
        return JobSpec.DataFile(path: path, name: PathText.fileName(of: path), sha256: sha, bytes: size ?? 0)
    }

    /// The symbol `load source` files the bars under: the source itself when it names a symbol,
    /// else the file name's.
    /// - Throws: `DataError.invalidSymbol`.
    static func symbol(of source: String, path: String) throws -> String {
        if FileManager.default.fileExists(atPath: source) || source.contains("/") || source.contains(".") {
            let named = BarLoader.names(fromFileName: path).symbol
            guard BarSymbol.isValid(named) else { throw DataError.invalidSymbol(path: path, symbol: named) }
            return named
        }
        return source.uppercased()
    }

    /// The `seed` of a model's section (as the trainer reads it when no seed is given).
    private static func configuredSeed(_ section: JobJSON, kind: ModelKind) throws -> UInt64 {
        guard case .int(let seed)? = section["seed"] else {
            throw JobError.unplannable(reason: "models.\(kind).seed is not an integer; give --seed")
        }
        return UInt64(bitPattern: seed)
    }
}
