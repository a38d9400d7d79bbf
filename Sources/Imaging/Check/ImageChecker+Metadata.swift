extension ImageChecker {
    /// Puts the XMP `exif:` values where Exif has none.
    ///
    /// - Position: Exif's when it has a valid one (``GPSSource/exif``), else the XMP's (``GPSSource/xmp``);
    ///   the altitude always comes with the position from the same source. Without a position anywhere, the
    ///   altitude is Exif's, else the XMP's, and the source is nil.
    /// - DateTimeOriginal: Exif's, else the XMP's.
    /// - Without Exif, an ``EXIFMetadata`` with only the XMP values (no entries) is made when the XMP has any.
    /// - Returns: the metadata for ``ImageReport/exif``, where the position came from, and a warning when an
    ///   invalid Exif position was replaced by the XMP's.
    static func mergeMetadata(exif: EXIFMetadata?, xmp: XMPMetadata?)
        -> (exif: EXIFMetadata?, gpsSource: GPSSource?, warnings: [String])
    {
        var warnings: [String] = []
        let exifHasPosition = exif?.latitude != nil && exif?.longitude != nil
        let xmpHasPosition = xmp?.latitude != nil && xmp?.longitude != nil
        let xmpHasAny = xmpHasPosition || xmp?.altitude != nil || xmp?.dateTimeOriginal != nil
        guard let xmp, xmpHasAny else {
            return (exif, exifHasPosition ? .exif : nil, warnings)
        }
        var merged = exif ?? EXIFMetadata()
        var source: GPSSource?
        if exifHasPosition {
            source = .exif
        } else if xmpHasPosition {
            if exif?.warnings.contains(where: { $0.hasPrefix("GPS position dropped") }) == true {
                warnings.append("the Exif GPS position was invalid, so the XMP exif:GPSLatitude/GPSLongitude are used")
            }
            merged.latitude = xmp.latitude
            merged.longitude = xmp.longitude
            merged.altitude = xmp.altitude
            source = .xmp
        } else if merged.altitude == nil {
            merged.altitude = xmp.altitude
        }
        if merged.dateTimeOriginal == nil {
            merged.dateTimeOriginal = xmp.dateTimeOriginal
        }
        if exif == nil && merged == EXIFMetadata() {
            return (nil, nil, warnings)
        }
        return (merged, source, warnings)
    }
}
