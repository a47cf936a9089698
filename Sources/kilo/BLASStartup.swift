import Foundation
import KiloCore

/// The first thing `kilo` does: make sure OpenBLAS runs a kernel that fits this CPU.
///
/// OpenBLAS picks its kernel when the library loads, before `main`. When it picked a generic
/// fallback (`Prescott` on a CPU newer than the library) and the CPU offers AVX2 or AVX-512,
/// `kilo` starts itself once as `kilo --blas-self-test` with a better kernel in
/// `OPENBLAS_CORETYPE`; if that child's `BLASSelfTest` passes (it neither computes wrong results
/// nor crashes), `kilo` re-executes itself with the variable set and a `KILO_BLAS_KERNEL` marker.
/// Otherwise it keeps the detected kernel and records why. A user's own `OPENBLAS_CORETYPE` is
/// never overridden. `BLASReport` shows the outcome (`kilo --version`, `set`, `--verbose`, the log).
enum BLASStartup {
    /// The hidden mode of the child that checks a kernel.
    static let selfTestArgument = "--blas-self-test"
    /// Behave as if OpenBLAS had detected this kernel (benchmarks and tests on a CPU it knows).
    static let simulateVariable = "KILO_BLAS_SIMULATE_FALLBACK"
    /// Test hook: `1` makes the self-test child corrupt one result, `crash` makes it die of
    /// SIGILL as a kernel with an unsupported instruction would; either way the check fails closed.
    static let corruptVariable = "KILO_BLAS_SELF_TEST_CORRUPT"

    /// Re-executes `kilo` when a better kernel passed; otherwise returns `nil` when `kilo` goes on
    /// in this process, or the exit status of the self-test child mode.
    static func prepare(arguments: [String]) -> Int32? {
        let environment = ProcessInfo.processInfo.environment
        if arguments.dropFirst().first == selfTestArgument { return runSelfTest(environment: environment) }
        let coreType = environment["OPENBLAS_CORETYPE"]
        let marker = environment[BLASKernelMarker.variable].flatMap(BLASKernelMarker.init(encoded:))
        switch marker?.trusted(coreType: coreType) {
        case .simulated?:
            choose(environment: environment, arguments: arguments, simulated: true)
        case .chosen?, .kept?:
            break
        case nil:
            guard coreType == nil else { return nil }  // the user's choice
            if let simulate = environment[simulateVariable], !simulate.isEmpty {
                var changes = [BLASKernelMarker.variable: BLASKernelMarker.simulated(detected: simulate).encoded]
                changes["OPENBLAS_CORETYPE"] = simulate
                reexecute(arguments: arguments, environment: environment, changes: changes)
                return nil
            }
            choose(environment: environment, arguments: arguments, simulated: false)
        }
        return nil
    }

    /// Tries the better kernels in turn; re-executes with the first that passes.
    private static func choose(environment: [String: String], arguments: [String], simulated: Bool) {
        let detected = BLAS.coreName
        guard let level = BLASKernelChoice.level(ofKernel: detected), level < .avx512,
            BLAS.configuration.contains("DYNAMIC_ARCH")
        else { return }
        for candidate in BLASKernelChoice.candidates(detected: detected, cpu: CPUInfo.current()) {
            switch probe(candidate, environment: environment) {
            case .unavailable:
                continue
            case .passed:
                let marker = BLASKernelMarker.chosen(kernel: candidate, detected: detected, simulated: simulated)
                reexecute(
                    arguments: arguments, environment: environment,
                    changes: ["OPENBLAS_CORETYPE": candidate, BLASKernelMarker.variable: marker.encoded])
                return
            case .failed(let reason):
                let marker = BLASKernelMarker.kept(
                    detected: detected, candidate: candidate, reason: reason, simulated: simulated)
                setenv(BLASKernelMarker.variable, marker.encoded, 1)
                return
            }
        }
    }

    private enum ProbeResult: Equatable {
        case passed, unavailable
        case failed(String)
    }

    /// Runs `kilo --blas-self-test` with `OPENBLAS_CORETYPE=kernel`, at most 20 s.
    private static func probe(_ kernel: String, environment: [String: String]) -> ProbeResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executablePath())
        process.arguments = [selfTestArgument]
        var childEnvironment = environment
        childEnvironment["OPENBLAS_CORETYPE"] = kernel
        childEnvironment[BLASKernelMarker.variable] = nil
        childEnvironment["SWIFT_BACKTRACE"] = "enable=no"  // a crash is an answer here, not a report
        process.environment = childEnvironment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do { try process.run() } catch { return .failed("could not start the check (\(error.localizedDescription))") }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        if finished.wait(timeout: .now() + 20) == .timedOut {
            process.terminate()
            return .failed("the check did not finish in 20 s")
        }
        if process.terminationReason == .uncaughtSignal {
            return .failed("the check crashed (signal \(process.terminationStatus))")
        }
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        let reported = line.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        guard BLASKernelChoice.isSameKernel(kernel, reported) else { return .unavailable }
        if process.terminationStatus == 0 && line.hasSuffix(" passed") { return .passed }
        let reason = line.split(separator: " ", maxSplits: 1).dropFirst().first.map(String.init)
        return .failed(reason.map { $0.replacingOccurrences(of: "failed: ", with: "") } ?? "exit \(process.terminationStatus)")
    }

    /// The child's side: prints `KERNEL passed` or `KERNEL failed: WHY`; the exit status is 0 or 1.
    private static func runSelfTest(environment: [String: String]) -> Int32 {
        if environment[corruptVariable] == "crash" {
            signal(SIGILL, SIG_DFL)
            raise(SIGILL)
        }
        let outcome = BLASSelfTest.run(corrupt: environment[corruptVariable] == "1")
        let line = "\(BLAS.coreName) \(outcome.failure.map { "failed: \($0)" } ?? "passed")\n"
        FileHandle.standardOutput.write(Data(line.utf8))
        return outcome.passed ? 0 : 1
    }

    /// Replaces this process with `kilo` itself, same arguments, the environment changed; returns
    /// only if that fails (then this process goes on with the detected kernel).
    private static func reexecute(arguments: [String], environment: [String: String], changes: [String: String]) {
        var merged = environment
        for (key, value) in changes { merged[key] = value }
        let path = executablePath()
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        execve(path, argv, envp)
        for pointer in argv + envp { free(pointer) }
    }

    private static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
