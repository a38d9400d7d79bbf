/// Covers an area with request cells small enough for the bbox search (reference §8).
///
/// Cells are aligned to a global lattice of `cellSize` degrees (so the same place always gets the same
/// cell), clipped to the area's bounding box, and dropped when they do not touch the area.
public struct AreaGrid: Sendable {
    /// The hard upper bound (exclusive) on the area of any request box, in square degrees.
    public static let maximumRequestArea = 0.01

    /// The padding added around each cell before it is sent (the server's geometry test is unknown;
    /// images are filtered locally anyway).
    public static let padding = 0.0002

    /// The cells, west to east within south to north rows.
    public let cells: [BoundingBox]

    /// Builds the grid.
    /// - Parameters:
    ///   - bounds: The area's bounding box.
    ///   - cellSize: The cell side in degrees (default 0.005); clamped so a padded cell stays well under
    ///     ``maximumRequestArea``.
    ///   - keep: Decides whether a cell touches the area (for a polygon); every cell is kept when `nil`.
    /// - Throws: ``FetchError/invalidInput(_:)`` when `cellSize` is not positive or the grid would have
    ///   more than 4 000 000 cells.
    public init(bounds: BoundingBox, cellSize: Double = 0.005, keep: ((BoundingBox) -> Bool)? = nil) throws(FetchError) {
        guard cellSize.isFinite, cellSize > 0 else {
            throw .invalidInput("The discovery cell size \(cellSize) must be a positive number of degrees.")
        }
        let side = min(cellSize, AreaGrid.largestSide)
        let firstColumn = (bounds.minLon / side).rounded(.down)
        let lastColumn = (bounds.maxLon / side).rounded(.up)
        let firstRow = (bounds.minLat / side).rounded(.down)
        let lastRow = (bounds.maxLat / side).rounded(.up)
        let count = (lastColumn - firstColumn) * (lastRow - firstRow)
        guard count.isFinite, count <= 4_000_000 else {
            throw .invalidInput("The area \(bounds) needs about \(Int(min(count, 1e15))) cells of \(side)°; split it into smaller areas.")
        }
        var cells: [BoundingBox] = []
        var row = firstRow
        while row < lastRow {
            var column = firstColumn
            while column < lastColumn {
                let cell = BoundingBox(
                    minLon: column * side, minLat: row * side, maxLon: (column + 1) * side, maxLat: (row + 1) * side)
                if let clipped = cell.intersection(bounds), keep?(clipped) ?? true {
                    cells.append(clipped)
                }
                column += 1
            }
            row += 1
        }
        self.cells = cells
    }

    /// The largest allowed cell side: a padded square must stay under a tenth of the hard limit.
    static let largestSide = 0.03

    /// Whether `box` may be sent to the bbox search (area strictly below ``maximumRequestArea``).
    /// - Parameter box: A request box.
    public static func isAcceptable(_ box: BoundingBox) -> Bool {
        box.area < maximumRequestArea && box.area > 0
    }
}
