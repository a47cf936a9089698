import Foundation
import Testing

@testable import KiloCore

@Suite struct BoosterTextFormatTests {
    @Test(arguments: ["regression", "binary", "huber", "zero_as_missing", "wide"])
    func lightGBMFixturePredictsIdentically(model: String) throws {
        let booster = try Booster.load(contentsOfFile: GBDTFixtures.path("\(model).txt"))
        let (x, _) = try GBDTFixtures.data(train: false)
        let expected = try GBDTFixtures.predictions(model)
        #expect(expected.count == x.rowCount)
        let got = booster.predict(x)
        var worst = 0.0
        for (a, b) in zip(got, expected) { worst = max(worst, abs(a - b)) }
        #expect(worst <= 1e-12, "max |kilo - lightgbm| = \(worst)")
        // Single-row prediction agrees with the batch path.
        for r in [0, 5, x.rowCount - 4, x.rowCount - 1] {
            #expect(booster.predict(x.row(r)) == got[r])
        }
    }

    @Test func fixtureHeaderIsRead() throws {
        let booster = try Booster.load(contentsOfFile: GBDTFixtures.path("regression.txt"))
        #expect(booster.featureNames == GBDTFixtures.featureNames)
        #expect(booster.trees.count == 40)
        #expect(booster.objective == "regression")
        #expect(booster.featureInfos.count == 5)
        let nanSplits = booster.trees.flatMap(\.decisionType).filter { DecisionType.missingType($0) == 2 }
        #expect(!nanSplits.isEmpty)
        let binary = try Booster.load(contentsOfFile: GBDTFixtures.path("binary.txt"))
        #expect(binary.transform == .sigmoid(1))
    }

    @Test func writtenFileReadsBackBitExactly() throws {
        for model in ["regression", "zero_as_missing"] {
            let original = try Booster.load(contentsOfFile: GBDTFixtures.path("\(model).txt"))
            let text = original.textModel()
            let reread = try Booster.parse(text: text, path: "memory")
            #expect(reread.textModel() == text)
            for (a, b) in zip(original.trees, reread.trees) {
                #expect(a.leafValue.map(\.bitPattern) == b.leafValue.map(\.bitPattern))
                #expect(a.threshold.map(\.bitPattern) == b.threshold.map(\.bitPattern))
                #expect(a.decisionType == b.decisionType)
            }
            let (x, _) = try GBDTFixtures.data(train: false)
            #expect(original.predict(x).map(\.bitPattern) == reread.predict(x).map(\.bitPattern))
        }
    }

    @Test func writtenTreeBlocksMatchLightGBMLayout() throws {
        // Kilo writes the same tree block bytes LightGBM wrote, so tree_sizes agree.
        let text = try String(contentsOfFile: GBDTFixtures.path("regression.txt"), encoding: .utf8)
        let booster = try Booster.parse(text: text, path: "regression.txt")
        let sizesLine = text.split(separator: "\n").first { $0.hasPrefix("tree_sizes=") }
        let written = booster.textModel().split(separator: "\n").first { $0.hasPrefix("tree_sizes=") }
        #expect(sizesLine != nil && sizesLine == written)
        let block = "Tree=0\n" + Booster.treeText(booster.trees[0])
        #expect(text.contains(block))
    }

    @Test func importancesCountPositiveGainSplits() throws {
        let booster = try Booster.load(contentsOfFile: GBDTFixtures.path("regression.txt"))
        let split = booster.featureImportance(.split)
        let text = try String(contentsOfFile: GBDTFixtures.path("regression.txt"), encoding: .utf8)
        let section = text.components(separatedBy: "feature_importances:\n")[1].components(separatedBy: "\n\n")[0]
        let expected = section.split(separator: "\n").map { line -> String in line.replacingOccurrences(of: "=", with: " ") }
        let got = split.filter { $0.value > 0 }.map { "\($0.name) \(Int($0.value))" }
        #expect(got == expected)
        let gain = booster.featureImportance(.gain)
        #expect(gain.count == 5 && gain[0].value >= gain[1].value && gain[0].value > 0)
    }

    @Test func categoricalSplitIsRefused() throws {
        #expect {
            _ = try Booster.load(contentsOfFile: GBDTFixtures.path("categorical.txt"))
        } throws: { error in
            guard case ModelError.unsupportedModel(let path, let line, let feature) = error else { return false }
            return path.hasSuffix("categorical.txt") && line != nil && feature == "categorical splits"
                && "\(error)".contains("categorical")
        }
    }

    @Test func truncatedFileNamesFileAndLine() throws {
        let text = try String(contentsOfFile: GBDTFixtures.path("regression.txt"), encoding: .utf8)
        let cut = String(text.prefix(text.count / 2))
        #expect {
            _ = try Booster.parse(text: cut, path: "cut.txt")
        } throws: { error in
            guard case ModelError.truncatedModel(let path, let line, _) = error else { return false }
            return path == "cut.txt" && line > 10 && "\(error)".contains("cut.txt")
        }
        // A tree whose leaf_value line was damaged.
        let damaged = text.replacingOccurrences(of: "leaf_value=", with: "leaf_value=abc ", options: [], range: text.range(of: "leaf_value="))
        #expect {
            _ = try Booster.parse(text: damaged, path: "bad.txt")
        } throws: { error in
            guard case ModelError.malformedModel(let path, let line, let reason) = error else { return false }
            return path == "bad.txt" && line == 21 && reason.contains("abc")
        }
        #expect(throws: ModelError.malformedModel(path: "x", line: nil, reason: "the file is empty")) {
            _ = try Booster.parse(text: "\n", path: "x")
        }
        #expect(throws: ModelError.self) { _ = try Booster.parse(text: "hello\n", path: "x") }
    }
}
