/// `training.ray:` — how `kilo cluster run` (and `kilo train` under `training.runner: ray`) hands
/// jobs to a Ray cluster through the Python driver `cluster/ray/driver.py`.
///
/// Every property is a key of `keys` (its name, meaning and rules are declared there).
public struct RayConfig: ConfigSection {
    public var address = ""
    public var python = "cluster/ray/.venv/bin/python"
    public var driver = "cluster/ray/driver.py"
    public var kilo = ""
    public var sharedData = false
    public var cacheDir = "/tmp/kilo-ray-cache"
    public var maxRetries = 3

    /// The defaults.
    public init() {}

    public static let keys: [ConfigKey<RayConfig>] = [
        .value(
            "address", \.address,
            "the Ray head as HOST:PORT (`--address` overrides it); empty: `RAY_ADDRESS`, else the cluster started on this machine"),
        .value("python", \.python, "the Python of the venv Ray is installed in", rules: [.notEmpty]),
        .value("driver", \.driver, "the driver script that runs each job as a Ray task", rules: [.notEmpty]),
        .value(
            "kilo", \.kilo,
            "the kilo binary on every worker; empty: this binary's own absolute path, which must then exist on every node"),
        .value(
            "shared_data", \.sharedData,
            "whether every worker finds the data files at the planned paths (a shared folder); when false they go through Ray's object store by SHA-256"),
        .value(
            "cache_dir", \.cacheDir, "worker folder of data files received by SHA-256 (`cache_dir/SHA256/NAME`)",
            rules: [.notEmpty]),
        .value(
            "max_retries", \.maxRetries,
            "Ray retries of a job whose worker or node was lost (a job that fails by itself is never retried)",
            rules: [.within(0...100)]),
    ]
}

/// Where `kilo train` runs its jobs (`training.runner`).
public enum TrainingRunner: String, Sendable, Codable, CaseIterable {
    /// The embedded thread pool (`training.parallel_runs`).
    case local
    /// A Ray cluster, through `training.ray`.
    case ray
}
