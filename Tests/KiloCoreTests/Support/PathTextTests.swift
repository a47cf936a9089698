import Foundation
import Testing

@testable import KiloCore

@Suite struct PathTextTests {
    @Test func joinKeepsRelativeFoldersRelativeAndAbsoluteOnesAbsolute() {
        #expect(PathText.join("models", "x.txt") == "models/x.txt")
        #expect(PathText.join("models/", "metadata", "features_BTCEUR.json") == "models/metadata/features_BTCEUR.json")
        #expect(PathText.join("/tmp/kilo", "plan_1.jsonl") == "/tmp/kilo/plan_1.jsonl")
        #expect(PathText.join("../up", "a.csv") == "../up/a.csv")
        #expect(PathText.join("", "a.csv") == "a.csv")
    }

    @Test func folderOfABareNameIsEmptyAndJoinReadsItAsHere() {
        #expect(PathText.folder(of: "studies/x.sqlite") == "studies")
        #expect(PathText.folder(of: "/abs/dir/x.sqlite") == "/abs/dir")
        #expect(PathText.folder(of: "../up/x.csv") == "../up")
        #expect(PathText.folder(of: "x.sqlite") == "")
        #expect(PathText.join(PathText.folder(of: "demo.kilo"), "other.kilo") == "other.kilo")
        #expect(PathText.join(PathText.folder(of: "sessions/demo.kilo"), "other.kilo") == "sessions/other.kilo")
    }

    @Test func fileNameStemAndExtension() {
        #expect(PathText.fileName(of: "data/BTCEUR_30m.csv") == "BTCEUR_30m.csv")
        #expect(PathText.stem(of: "data/BTCEUR_30m.csv") == "BTCEUR_30m")
        #expect(PathText.stem(of: "adaeur_30m.db") == "adaeur_30m")
        #expect(PathText.fileExtension(of: "x.CSV") == "CSV")
        #expect(PathText.fileExtension(of: "data/prices") == "")
        #expect(PathText.stem(of: "BTCEUR-30m-2024-08.csv") == "BTCEUR-30m-2024-08")
    }
}
