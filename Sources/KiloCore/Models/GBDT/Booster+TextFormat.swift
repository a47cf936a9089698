import Foundation

extension Booster {
    /// The model as a LightGBM `version=v4` text model, loadable by
    /// `lightgbm.Booster(model_file=...)`. Leaf values and thresholds are written with `%.17g`,
    /// so they read back to the same bits.
    /// - Complexity: O(total nodes).
    public func textModel() -> String {
        var out = "tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nlabel_index=0\n"
        out += "max_feature_idx=\(featureNames.count - 1)\n"
        out += "objective=\(objective)\n"
        if averageOutput { out += "average_output\n" }
        out += "feature_names=\(featureNames.joined(separator: " "))\n"
        out += "feature_infos=\(featureInfos.joined(separator: " "))\n"
        let blocks = trees.enumerated().map { i, tree in "Tree=\(i)\n" + Self.treeText(tree) + "\n" }
        out += "tree_sizes=\(blocks.map { String($0.utf8.count) }.joined(separator: " "))\n\n"
        for block in blocks { out += block }
        out += "end of trees\n\nfeature_importances:\n"
        for item in featureImportance(.split) where item.value > 0 {
            out += "\(item.name)=\(Int(item.value))\n"
        }
        out += "\nparameters:\n"
        for line in parameters { out += line + "\n" }
        out += "end of parameters\n\npandas_categorical:null\n"
        return out
    }

    /// Writes `textModel()` to `path`.
    /// - Throws: `ModelError.io` when the file cannot be written.
    public func write(toFile path: String) throws(ModelError) {
        do { try textModel().write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw .io(path: path, reason: IOReason.describe(error, path: path))
        }
    }

    /// One tree's `key=values` lines in LightGBM's order (integers as they are, leaf values and
    /// thresholds with `%.17g`, the statistics with `%g`), then `is_linear` and `shrinkage`.
    static func treeText(_ t: GBDTTree) -> String {
        func ints(_ xs: [Int]) -> String { xs.map(String.init).joined(separator: " ") }
        func exact(_ xs: [Double]) -> String { xs.map(NumberFormat.roundTrip).joined(separator: " ") }
        func short(_ xs: [Double]) -> String { xs.map(NumberFormat.short).joined(separator: " ") }
        let lines: KeyValuePairs<String, String> = [
            "num_leaves": String(t.numLeaves), "num_cat": "0", "split_feature": ints(t.splitFeature),
            "split_gain": short(t.splitGain), "threshold": exact(t.threshold),
            "decision_type": ints(t.decisionType.map(Int.init)), "left_child": ints(t.leftChild),
            "right_child": ints(t.rightChild), "leaf_value": exact(t.leafValue), "leaf_weight": short(t.leafWeight),
            "leaf_count": ints(t.leafCount), "internal_value": short(t.internalValue),
            "internal_weight": short(t.internalWeight), "internal_count": ints(t.internalCount),
            "is_linear": "0", "shrinkage": NumberFormat.short(t.shrinkage),
        ]
        return lines.map { "\($0.key)=\($0.value)\n" }.joined() + "\n"
    }
}

/// Which feature importance LightGBM reports: split counts or summed split gains.
public enum ImportanceKind: String, Sendable, CaseIterable {
    case split, gain
}

/// One feature's importance.
public struct FeatureImportance: Sendable, Equatable {
    /// Feature name.
    public let name: String
    /// Feature index in the model's inputs.
    public let index: Int
    /// Number of splits on the feature, or the sum of their gains.
    public let value: Double
}

extension Booster {
    /// Importances of every feature, largest first (ties in feature order), as LightGBM's
    /// `feature_importance(importance_type=...)`.
    /// - Complexity: O(total nodes + features log features).
    public func featureImportance(_ kind: ImportanceKind) -> [FeatureImportance] {
        var values = [Double](repeating: 0, count: featureNames.count)
        for tree in trees {
            // LightGBM counts splits with positive gain only.
            for i in 0..<(tree.numLeaves - 1) where tree.splitGain[i] > 0 {
                values[tree.splitFeature[i]] += kind == .split ? 1 : tree.splitGain[i]
            }
        }
        let items = featureNames.enumerated().map { FeatureImportance(name: $1, index: $0, value: values[$0]) }
        return items.sorted { $0.value != $1.value ? $0.value > $1.value : $0.index < $1.index }
    }
}
