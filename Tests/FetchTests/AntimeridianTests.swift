import Catalog
import Fetch
import Foundation
import MapillarySimulator
import Testing

@Suite("A bbox across the antimeridian")
struct AntimeridianTests {
    @Test("a box from 179.97 E to 179.98 W is split in two and finds every panorama east of 180")
    func downloadsAcross() async throws {
        let world = WorldSpec(area: SimBox(minLon: 179.97, minLat: -17.02, maxLon: 179.999, maxLat: -16.99),
                              sequences: 4, imagesPerSequence: 4...8, panoFraction: 1)
        try await DownloadFixture.with(world: world) { simulator, out in
            let boxes = try BoundingBox.parsingAreas("179.97,-17.02,-179.98,-16.99")
            #expect(boxes.count == 2)
            let options = DownloadFixture.options(simulator, out: out, source: .boxes(boxes))
            let summary = try await DownloadRun(options: options).run()
            let expected = DownloadFixture.expectedPanoramas(simulator)
            #expect(!expected.isEmpty)
            #expect(summary.discoveryError == nil)
            #expect(summary.found == expected.count)
            #expect(try DownloadFixture.verifiedIDs(out) == expected)
            #expect(DiscoverySource.boxes(boxes).key == "bbox 179.97,-17.02,180,-16.99 + -180,-17.02,-179.98,-16.99")
        }
    }

    @Test("the plan of a box across the antimeridian counts both halves exactly")
    func plansAcross() async throws {
        let world = WorldSpec(area: SimBox(minLon: 179.97, minLat: -17.02, maxLon: 179.999, maxLat: -16.99),
                              sequences: 4, imagesPerSequence: 4...8, panoFraction: 1)
        try await DownloadFixture.with(world: world) { simulator, out in
            let boxes = try BoundingBox.parsingAreas("179.97,-17.02,-179.98,-16.99")
            let options = DownloadFixture.options(simulator, out: out, source: .boxes(boxes))
            let catalog = try Catalog(folder: out)
            let plan = try await Planner.plan(options, store: catalog)
            let expected = DownloadFixture.expectedPanoramas(simulator)
            #expect(!expected.isEmpty && plan.images == expected.count)
            #expect(plan.sequences >= 1 && plan.tiles >= 2)
        }
    }
}
