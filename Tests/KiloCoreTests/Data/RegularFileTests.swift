import Foundation
import Testing

@testable import KiloCore

/// The bounded reader under every user-named input file.
@Suite struct RegularFileTests {
    @Test func specialFilesAreRefusedWithoutReadingOrBlocking() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let fifo = folder.path + "/pipe.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        // No writer ever opens the FIFO: a blocking open would hang here.
        #expect(throws: RegularFile.Problem.notRegular(kind: "a FIFO (named pipe)")) {
            try RegularFile.read(fifo, limit: 1 << 20)
        }
        #expect(throws: RegularFile.Problem.notRegular(kind: "a character device")) {
            try RegularFile.read("/dev/zero", limit: 1 << 20)
        }
        #expect(throws: RegularFile.Problem.notRegular(kind: "a directory")) {
            try RegularFile.read(folder.path, limit: 1 << 20)
        }
    }

    @Test func theLimitIsExactAndCancellationStopsTheRead() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let path = folder.write("ten.csv", bytes: Array(repeating: UInt8(ascii: "x"), count: 10))
        #expect(try RegularFile.read(path, limit: 10).count == 10)
        #expect(throws: RegularFile.Problem.tooLarge(size: 10, limit: 9)) { try RegularFile.read(path, limit: 9) }
        let token = CancellationToken()
        token.cancel()
        #expect(throws: RegularFile.Problem.cancelled) { try RegularFile.read(path, limit: 10, cancellation: token) }
    }

    #if os(Linux)
        @Test func aFileLargerThanItsStatedSizeIsStillBounded() throws {
            // /proc files report size 0 and then hold more: the read goes on past the stated size,
            // up to the limit.
            let status = try RegularFile.read("/proc/self/status", limit: 1 << 20)
            #expect(String(decoding: status, as: UTF8.self).hasPrefix("Name:"))
            #expect(throws: RegularFile.Problem.self) { try RegularFile.read("/proc/self/status", limit: 10) }
            do {
                _ = try RegularFile.read("/proc/self/status", limit: 10)
            } catch {
                guard case .tooLarge(let size, 10) = error else { throw error }
                #expect(size > 10)
            }
        }
    #endif
}
