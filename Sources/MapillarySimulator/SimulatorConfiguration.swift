/// Everything that determines a simulator run: the seed, the world and the faults.
public struct SimulatorConfiguration: Sendable {
    /// Seed of every pseudo-random choice (world layout, ids, sampling, shuffles).
    public var seed: UInt64
    /// The world to generate.
    public var world: WorldSpec
    /// The faults to inject.
    public var faults: FaultPlan
    /// The only access token the Graph API accepts.
    public var token: String

    /// Creates a configuration; the defaults give a small, fault-free world.
    public init(
        seed: UInt64 = 1, world: WorldSpec = WorldSpec(), faults: FaultPlan = FaultPlan(),
        token: String = MapillarySimulator.defaultToken
    ) {
        self.seed = seed
        self.world = world
        self.faults = faults
        self.token = token
    }
}
