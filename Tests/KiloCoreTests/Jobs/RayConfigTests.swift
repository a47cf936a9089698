import Testing

@testable import KiloCore

/// `training.runner` and `training.ray` are read, defaulted and range-checked from the key table.
@Suite struct RayConfigTests {
    @Test func theRunnerAndTheRaySectionAreRead() throws {
        let yaml = """
            training:
              runner: ray
              ray: {address: "127.0.0.1:6379", shared_data: true, max_retries: 5, kilo: /opt/kilo/bin/kilo}
            """
        let config = try ConfigLoader.parse(yaml, path: "t.yaml").config.training
        #expect(config.runner == .ray)
        #expect(config.ray.address == "127.0.0.1:6379" && config.ray.sharedData && config.ray.maxRetries == 5)
        #expect(config.ray.kilo == "/opt/kilo/bin/kilo")
        #expect(config.ray.python == "cluster/ray/.venv/bin/python", "a missing key keeps its default")
        #expect(LoadedConfig.defaults.config.training.runner == .local)
    }

    @Test func badValuesAreRefusedNamingTheKey() {
        #expect(throws: ConfigError.self) { try ConfigLoader.parse("training:\n  runner: slurm\n", path: "t.yaml") }
        #expect(throws: ConfigError.invalidValue(key: "training.ray.max_retries", value: "101", reason: "must be in 0...100")) {
            try ConfigLoader.parse("training:\n  ray: {max_retries: 101}\n", path: "t.yaml")
        }
    }
}
