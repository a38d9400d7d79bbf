import Foundation

/// The camera's tilt from the vertical, derived from Mapillary's `computed_rotation` (an OpenSfM angle-axis
/// vector rotating world coordinates into the camera's, whose y axis points down): the angle between the
/// camera's down axis and the world's down direction, in degrees. A level camera is 0°; the reference
/// record `[1.5680816608427, -0.12745545191882, 0.075540302347128]` (a GoPro Max on a car) is 1.9°.
enum CameraTilt {
    /// The tilt in degrees, or nil when `rotation` is not three finite numbers.
    static func degrees(_ rotation: [Double]) -> Double? {
        guard rotation.count == 3, rotation.allSatisfy(\.isFinite) else { return nil }
        let theta = (rotation[0] * rotation[0] + rotation[1] * rotation[1] + rotation[2] * rotation[2]).squareRoot()
        guard theta > 1e-12 else { return 90 }  // no rotation: the camera's y axis is the world's horizontal y
        let kx = rotation[0] / theta, ky = rotation[1] / theta, kz = rotation[2] / theta
        // R[1][2] of Rodrigues' formula; the camera's down axis in world coordinates has z = R[1][2], and the
        // world's down is -z.
        let r12 = (1 - cos(theta)) * ky * kz - sin(theta) * kx
        return acos(max(-1, min(1, -r12))) * 180 / Double.pi
    }
}
