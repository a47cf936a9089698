import Foundation
import Testing

@testable import KiloCore

/// The real `kilo` choosing its BLAS kernel at start (`Sources/kilo/BLASStartup.swift`).
///
/// This CPU's OpenBLAS may pick its best kernel by itself, so the fallback is simulated with
/// `KILO_BLAS_SIMULATE_FALLBACK=Prescott`: `kilo` then really runs on OpenBLAS's generic Prescott
/// kernel first, and must find, check and switch to a better one, or keep Prescott when the
/// check fails. A machine-wide `OPENBLAS_CORETYPE` is the user's and must win over all of it.
@Suite(.serialized) struct BLASStartupProcessTests {
    static let userCoreType = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]
    /// The kernel `kilo` should choose over a simulated Prescott on this CPU (`nil`: none better).
    static let expectedChoice = BLASKernelChoice.candidates(detected: "Prescott", cpu: CPUInfo.current()).first

    static func blasLine(_ environment: [String: String], arguments: [String] = ["--version"]) throws -> String {
        let result = try KiloProcess.run(arguments, environment: environment, timeout: 60)
        #expect(result.status == 0, "\(result.standardError)")
        return try #require(
            (result.standardOutput + result.standardError).split(separator: "\n").first { $0.contains("BLAS: ") }
                .map(String.init), "no BLAS line in \(result.standardOutput)")
    }

    /// The better kernels `kilo` tries over what OpenBLAS detects on this CPU by itself (empty when
    /// the detected kernel is already the best, or the library cannot switch).
    static var replacementsForThisCPU: [String] {
        let detected = BLAS.coreName
        guard userCoreType == nil, let level = BLASKernelChoice.level(ofKernel: detected), level < .avx512,
            BLAS.configuration.contains("DYNAMIC_ARCH")
        else { return [] }
        return BLASKernelChoice.candidates(detected: detected, cpu: CPUInfo.current())
    }

    @Test func versionNamesLibraryKernelAndThreads() throws {
        let line = try Self.blasLine([:])
        #expect(line.hasPrefix("BLAS: OpenBLAS "), "\(line)")
        #expect(line.range(of: #", [0-9]+ threads?$"#, options: .regularExpression) != nil, "\(line)")
        if Self.userCoreType != nil {
            #expect(line.contains("kernel \(BLAS.coreName) (OPENBLAS_CORETYPE)"), "\(line)")
        } else if Self.replacementsForThisCPU.isEmpty {
            #expect(line.contains("kernel \(BLAS.coreName) (detected)"), "\(line)")
        } else {
            // OpenBLAS does not know this CPU and fell back to a generic kernel (a new Xeon on
            // Debian's 0.3.21): kilo names the better kernel it switched to, or why it kept it.
            let chosen = Self.replacementsForThisCPU.contains {
                line.contains("kernel \($0) (chosen by kilo over the detected \(BLAS.coreName); self-test passed)")
            }
            let kept = line.contains("kernel \(BLAS.coreName) (detected; ")
                && line.contains(" failed kilo's self-test: ")
            #expect(chosen || kept, "\(line)")
        }
    }

    @Test func aGenericFallbackIsReplacedByAKernelThatPassesTheSelfTest() throws {
        let line = try Self.blasLine(["KILO_BLAS_SIMULATE_FALLBACK": "Prescott"])
        if Self.userCoreType != nil {
            #expect(line.contains("(OPENBLAS_CORETYPE)"), "\(line)")
        } else if let choice = Self.expectedChoice {
            #expect(line.contains("kernel \(choice) (chosen by kilo over the simulated fallback Prescott; self-test passed)"), "\(line)")
        } else {
            #expect(line.contains("kernel Prescott (simulated fallback)"), "\(line)")
        }
    }

    @Test(arguments: ["1", "crash"])
    func aKernelThatFailsOrCrashesTheSelfTestIsNeverUsed(fault: String) throws {
        let environment = ["KILO_BLAS_SIMULATE_FALLBACK": "Prescott", "KILO_BLAS_SELF_TEST_CORRUPT": fault]
        let line = try Self.blasLine(environment, arguments: ["--verbose", "-c", "set"])
        guard Self.userCoreType == nil, let choice = Self.expectedChoice else { return }
        #expect(line.contains("kernel Prescott (simulated fallback; \(choice) failed kilo's self-test: "), "\(line)")
        #expect(line.contains(fault == "crash" ? "the check crashed (signal 4)" : "sgemm NN 1×64×120: C[0,32] = "), "\(line)")
        // `set` lists the same line as --verbose: the process really stayed on Prescott.
        let set = try KiloProcess.run(["-c", "set"], environment: environment, timeout: 60)
        #expect(set.standardOutput.contains("blas:   OpenBLAS") && set.standardOutput.contains("kernel Prescott (simulated fallback; "))
    }

    @Test func aUserSetKernelIsNeverOverridden() throws {
        // The user's variable, even a generic kernel on a CPU with better ones, and even when a
        // fallback is simulated: kilo reports it and runs it.
        let line = try Self.blasLine(["OPENBLAS_CORETYPE": "Prescott", "KILO_BLAS_SIMULATE_FALLBACK": "Prescott"])
        #expect(line.contains("kernel Prescott (OPENBLAS_CORETYPE)"), "\(line)")
    }

    @Test func theSelfTestModeSaysPassedOrFailed() throws {
        let passed = try KiloProcess.run(["--blas-self-test"], timeout: 60)
        #expect(passed.status == 0 && passed.standardOutput == "\(Self.userCoreType.map { _ in passed.standardOutput.split(separator: " ")[0] } ?? Substring(BLAS.coreName)) passed\n")
        let failed = try KiloProcess.run(["--blas-self-test"], environment: ["KILO_BLAS_SELF_TEST_CORRUPT": "1"], timeout: 60)
        #expect(failed.status == 1 && failed.standardOutput.contains(" failed: sgemm NN 1×64×120"), "\(failed.standardOutput)")
    }
}
