import Testing

@testable import KiloCore

@Suite struct GBDTTreeTests {
    /// LightGBM `Tree::NumericalDecision`, case by case.
    @Test func numericalDecisionRoutesMissingValues() {
        let none = DecisionType.make(defaultLeft: true, missing: .none)
        #expect(none == 2)
        #expect(DecisionType.goesLeft(.nan, threshold: 0.5, decisionType: none))  // NaN read as 0
        #expect(!DecisionType.goesLeft(.nan, threshold: -0.5, decisionType: none))
        #expect(DecisionType.goesLeft(0.5, threshold: 0.5, decisionType: none))
        let nanRight = DecisionType.make(defaultLeft: false, missing: .nan)
        #expect(nanRight == 8)
        #expect(!DecisionType.goesLeft(.nan, threshold: 1e300, decisionType: nanRight))
        #expect(DecisionType.goesLeft(0, threshold: 1, decisionType: nanRight))
        let nanLeft = DecisionType.make(defaultLeft: true, missing: .nan)
        #expect(DecisionType.goesLeft(.nan, threshold: -1e300, decisionType: nanLeft))
        let zeroRight = DecisionType.make(defaultLeft: false, missing: .zero)
        #expect(zeroRight == 4)
        #expect(!DecisionType.goesLeft(0, threshold: 1, decisionType: zeroRight))
        #expect(!DecisionType.goesLeft(1e-36, threshold: 1, decisionType: zeroRight))
        #expect(!DecisionType.goesLeft(.nan, threshold: 1, decisionType: zeroRight))  // NaN -> 0 -> zero
        #expect(DecisionType.goesLeft(1e-30, threshold: 1, decisionType: zeroRight))
    }

    @Test func treeWalkAndShrinkage() {
        // root: x0 <= 0 ? leaf0 : node1; node1: x1 <= 2 ? leaf1 : leaf2
        var tree = GBDTTree(
            numLeaves: 3, splitFeature: [0, 1], splitGain: [5, 1], threshold: [0, 2], decisionType: [2, 2],
            leftChild: [-1, -2], rightChild: [1, -3], leafValue: [1, 2, 3], leafWeight: [1, 1, 1],
            leafCount: [1, 1, 1], internalValue: [0, 0], internalWeight: [3, 2], internalCount: [3, 2], shrinkage: 1)
        let rows: [[Double]] = [[-1, 9], [1, 2], [1, 3]]
        #expect(rows.map { r in r.withUnsafeBufferPointer { tree.predict(row: $0.baseAddress!) } } == [1, 2, 3])
        tree.shrink(by: 0.5)
        #expect(tree.leafValue == [0.5, 1, 1.5] && tree.shrinkage == 0.5)
        tree.addBias(1)
        #expect(tree.leafValue == [1.5, 2, 2.5] && tree.shrinkage == 1)
        let booster = Booster(
            featureNames: ["a", "b"], featureInfos: ["none", "none"], objective: "regression",
            transform: .identity, trees: [tree, GBDTTree(constant: 0.25)])
        #expect(booster.predict([1, 3]) == 2.75)
        #expect(booster.predict(DenseMatrix(rows: rows)) == [1.75, 2.25, 2.75])
    }
}
