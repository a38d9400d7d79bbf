import Fetch
import Testing

@Suite("Area grid")
struct AreaGridTests {
    @Test("cells cover the area, stay inside it and are far below 0.01 deg² even padded", arguments: [
        BoundingBox(minLon: 13.38, minLat: 52.49, maxLon: 13.42, maxLat: 52.52),
        BoundingBox(minLon: -102.4486, minLat: 44.0658, maxLon: -102.3, maxLat: 44.1),
        BoundingBox(minLon: -0.003, minLat: -0.001, maxLon: 0.0021, maxLat: 0.0001),
    ])
    func covers(_ bounds: BoundingBox) throws {
        let grid = try AreaGrid(bounds: bounds)
        let total = grid.cells.reduce(0) { $0 + $1.area }
        #expect(abs(total - bounds.area) < 1e-9)
        for cell in grid.cells {
            #expect(cell.padded(by: AreaGrid.padding).area < 0.01)
            #expect(AreaGrid.isAcceptable(cell.padded(by: AreaGrid.padding)))
            #expect(cell.width <= 0.005 + 1e-12 && cell.height <= 0.005 + 1e-12)
            #expect(cell.minLon >= bounds.minLon && cell.maxLon <= bounds.maxLon)
            #expect(cell.minLat >= bounds.minLat && cell.maxLat <= bounds.maxLat)
        }
        // Sample points all land in some cell.
        for i in 0...20 {
            for j in 0...20 {
                let lon = min(bounds.maxLon, bounds.minLon + bounds.width * Double(i) / 20)
                let lat = min(bounds.maxLat, bounds.minLat + bounds.height * Double(j) / 20)
                #expect(grid.cells.contains { $0.contains(lon: lon, lat: lat) })
            }
        }
    }

    @Test("a huge cell size is clamped under the request limit; nonsense sizes are refused")
    func clamps() throws {
        let bounds = BoundingBox(minLon: 0, minLat: 0, maxLon: 1, maxLat: 1)
        let grid = try AreaGrid(bounds: bounds, cellSize: 5)
        #expect(grid.cells.allSatisfy { $0.padded(by: AreaGrid.padding).area < 0.01 })
        #expect(throws: FetchError.self) { try AreaGrid(bounds: bounds, cellSize: 0) }
        #expect(throws: FetchError.self) { try AreaGrid(bounds: bounds, cellSize: -.nan) }
        #expect(throws: FetchError.self) { try AreaGrid(bounds: BoundingBox(minLon: -180, minLat: -90, maxLon: 180, maxLat: 90), cellSize: 0.0001) }
        #expect(!AreaGrid.isAcceptable(BoundingBox(minLon: 0, minLat: 0, maxLon: 0.1, maxLat: 0.1)))
    }

    @Test("the keep rule drops cells")
    func keep() throws {
        let bounds = BoundingBox(minLon: 0, minLat: 0, maxLon: 0.02, maxLat: 0.02)
        let all = try AreaGrid(bounds: bounds)
        let some = try AreaGrid(bounds: bounds) { $0.minLon < 0.01 }
        #expect(all.cells.count == 16)
        #expect(some.cells.count == 8)
    }
}
