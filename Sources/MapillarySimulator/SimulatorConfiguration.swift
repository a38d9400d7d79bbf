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
    /// How much harsher than the default the bbox search's thinning is (1: the default; ``harshThinning``
    /// is ten times harsher). See ``BboxSampler``.
    public var thinning: Double = 1

    /// The harsh thinning factor (`mly360-sim --thinning harsh`).
    public static let harshThinning = 10.0

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
