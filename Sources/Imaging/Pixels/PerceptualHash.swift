import Foundation

/// 64-bit perceptual hashes of a luma plane: the classic DCT pHash (as imagededup computes it) and a
/// yaw-invariant hash for equirectangular panoramas.
///
/// A panorama turned by a yaw angle is a circular horizontal shift of the same image. The magnitude of a
/// row's discrete Fourier transform does not change under a circular shift, so the yaw hash is built from
/// magnitudes only: the plane is reduced to 64 × 32 cells, rows 4–27 are averaged into 8 latitude bands, and
/// for each of the harmonics k = 1…8 the 8 bands are compared with their neighbour (band b brighter in
/// harmonic k than band b + 1, cyclically): 64 bits that resist re-encoding, resizing and any yaw.
enum PerceptualHash {
    /// The DCT pHash: 32 × 32 box-reduced luma, 2-D DCT-II, the 8 × 8 lowest frequencies without the DC term
    /// (63 coefficients plus the DC slot set to zero), each bit = coefficient above their median.
    static func phash(_ plane: LumaPlane) -> UInt64 {
        let grid = plane.reduced(width: 32, height: 32)
        var coefficients: [Double] = []
        coefficients.reserveCapacity(64)
        for v in 0..<8 {
            for u in 0..<8 {
                var sum = 0.0
                for y in 0..<32 {
                    let cy = cosTable[v * 32 + y]
                    for x in 0..<32 { sum += grid[y * 32 + x] * cosTable[u * 32 + x] * cy }
                }
                coefficients.append(sum)
            }
        }
        coefficients[0] = 0
        let median = coefficients.dropFirst().sorted()[31]
        var hash: UInt64 = 0
        for (index, value) in coefficients.enumerated() where index > 0 && value > median {
            hash |= 1 << UInt64(63 - index)
        }
        return hash
    }

    /// The yaw-invariant hash (see the type's documentation).
    static func yawHash(_ plane: LumaPlane) -> UInt64 {
        let grid = plane.reduced(width: 64, height: 32)
        var magnitudes = [[Double]](repeating: [Double](repeating: 0, count: 9), count: 8)
        for band in 0..<8 {
            var row = [Double](repeating: 0, count: 64)
            for y in (4 + band * 3)..<(7 + band * 3) {
                for x in 0..<64 { row[x] += grid[y * 64 + x] }
            }
            for k in 1...8 {
                var re = 0.0
                var im = 0.0
                for x in 0..<64 {
                    let angle = 2 * Double.pi * Double(k * x) / 64
                    re += row[x] * cos(angle)
                    im -= row[x] * sin(angle)
                }
                magnitudes[band][k] = (re * re + im * im).squareRoot()
            }
        }
        var hash: UInt64 = 0
        var bit: UInt64 = 63
        for k in 1...8 {
            for band in 0..<8 {
                if magnitudes[band][k] > magnitudes[(band + 1) % 8][k] { hash |= 1 << bit }
                bit = bit &- 1
            }
        }
        return hash
    }

    /// cos((2x + 1) u π / 64) for the 32-point DCT-II, indexed u * 32 + x.
    private static let cosTable: [Double] = {
        var table: [Double] = []
        for u in 0..<8 {
            for x in 0..<32 {
                let angle = Double(2 * x + 1) * Double(u) * Double.pi / 64
                table.append(cos(angle))
            }
        }
        return table
    }()

    /// 16 lower-case hex digits.
    static func hex(_ hash: UInt64) -> String {
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
