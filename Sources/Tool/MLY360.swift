import ArgumentParser

@main
struct MLY360: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mly360",
        abstract: "Fetch, verify and catalogue Mapillary 360° panoramas.",
        version: "0.1.0",
        subcommands: []
    )
}
