import ArgumentParser
import Foundation
import KiloCore
import KiloShell

/// `kilo record-trials JOBS --results DIR`: writes the results of trials `kilo plan tune` planned
/// (`DIR/jobs/ID.json`, as `kilo run-job` or the Ray driver leaves them) into their study.
struct RecordTrialsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record-trials", abstract: "Record planned tune trials' results into their study.",
        discussion: """
            Each trial of the jobs file (any of the trials plan tune planned, e.g. the ones that
            ended) whose result is ok is finished in the study (fold values, state, value,
            net-return statistics) as tune finishes it; a trial whose job has no result, failed or
            was refused is removed, so the next run plans it again under its number.
            The study is found in tune.studies_dir of the config, as plan tune found it.
            Exit status: 0 every trial recorded, 3 some removed (the reasons on standard error).
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The planned trials' jobs (kilo plan tune … --out FILE, or some of its lines).")
    var batch: String

    @Option(name: .long, help: "The folder holding jobs/ID.json of each job (kilo run-job --out, or the driver's store).")
    var results: String

    func run() throws {
        guard let context = options.makeContext() else { throw ExitCode(ExitStatus.badInvocation) }
        let jobs: [JobSpec]
        var found: [String: JobResult] = [:]
        do {
            jobs = try Self.readJobs(batch)
            for job in jobs {
                let path = JobResult.path(id: job.id, in: results)
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                found[job.id] = try JobResult.parse(data)
            }
        } catch {
            FileHandle.standardError.write(Data("kilo: error: \(error)\n".utf8))
            throw ExitCode(ExitStatus.badInvocation)
        }
        guard !jobs.isEmpty else {
            FileHandle.standardError.write(Data("no trials in \(batch): nothing to record\n".utf8))
            return
        }
        let recording: TrialRecording
        do {
            recording = try context.engine.recordTrials(jobs, results: found)
        } catch {
            FileHandle.standardError.write(Data("kilo: error: \(error)\n".utf8))
            throw ExitCode(ExitStatus.commandFailed)
        }
        let numbers = recording.recorded.map { "#\($0)" }.joined(separator: " ")
        print("study \(recording.study): recorded \(recording.recorded.count) trials (\(numbers)); \(recording.trials) in the study")
        guard recording.discarded.isEmpty else {
            for (number, reason) in recording.discarded {
                FileHandle.standardError.write(Data("kilo: trial #\(number) removed (planned again next run): \(reason)\n".utf8))
            }
            throw ExitCode(ExitStatus.commandFailed)
        }
    }

    /// The jobs of a jobs file, one per non-empty line.
    /// - Throws: `JobError` naming the file and line.
    static func readJobs(_ path: String) throws -> [JobSpec] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JobError.io(path: path, reason: "no such file or not readable")
        }
        var jobs: [JobSpec] = []
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            do {
                jobs.append(try JobSpec.parse(Data(line.utf8)))
            } catch {
                throw JobError.invalid(field: "\(path):\(index + 1)", reason: error.description)
            }
        }
        return jobs
    }
}
