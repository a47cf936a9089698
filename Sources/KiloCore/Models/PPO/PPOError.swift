/// A PPO agent that cannot be built, trained, loaded or asked for a prediction.
public enum PPOError: Error, Equatable, CustomStringConvertible, Sendable {
    /// An observation does not have the shape the agent was built for.
    case observationShapeMismatch(expected: [Int], actual: [Int])
    /// A file is not a Kilo PPO agent or is inconsistent.
    case invalidFile(path: String, reason: String)
    /// Reading or writing the safetensors file failed.
    case file(SafetensorsError)
    /// The data given for training or evaluation cannot be used.
    case invalidData(reason: String)
    /// Training was cancelled.
    case cancelled
    /// Training produced a non-finite loss or parameter.
    case diverged(update: Int)
    /// The policy gave a NaN or infinite logit for an observation.
    case nonFiniteOutput(logits: [Double])

    public var description: String {
        switch self {
        case .observationShapeMismatch(let expected, let actual):
            return "ppo observation has shape \(Excerpt.of(describing: actual)) but the agent expects \(expected)"
        case .invalidFile(let path, let reason):
            return "'\(Excerpt.path(path))' is not a valid kilo ppo agent: \(reason)"
        case .file(let error):
            return error.description
        case .invalidData(let reason):
            return "ppo cannot use the data: \(reason)"
        case .cancelled:
            return "ppo training was cancelled"
        case .diverged(let update):
            return "ppo training diverged at update \(update) (non-finite loss)"
        case .nonFiniteOutput(let logits):
            return "ppo policy gave non-finite logits \(logits) for the observation"
        }
    }
}
