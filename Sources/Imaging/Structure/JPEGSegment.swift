/// One marker found by ``JPEGStructure/scan(_:)``: where it is, how long its segment is, and what it holds.
public struct JPEGSegment: Sendable, Equatable {
    /// The marker byte after `FF` (e.g. `0xE1` for APP1, `0xDA` for SOS).
    public var marker: UInt8
    /// Offset of the marker's `FF` byte in the file.
    public var offset: Int
    /// The segment's declared length (it counts its own two length bytes); 0 for standalone markers
    /// (SOI, EOI, RSTn, TEM).
    public var length: Int
    /// For APPn segments, what the payload signature says it is; nil for other markers.
    public var kind: Kind?
    /// For SOS, the number of entropy-coded bytes that follow the scan header up to the next real marker.
    public var entropyCodedLength: Int?

    /// Creates a segment record.
    public init(marker: UInt8, offset: Int, length: Int, kind: Kind? = nil, entropyCodedLength: Int? = nil) {
        self.marker = marker
        self.offset = offset
        self.length = length
        self.kind = kind
        self.entropyCodedLength = entropyCodedLength
    }

    /// The conventional marker name: `SOI`, `APP1`, `SOF2`, `DQT`, `SOS`, `EOI`, `RST3`, `COM`, or `0xNN`.
    public var name: String { Self.name(of: marker) }

    /// The conventional name of a marker byte (see ``name``).
    public static func name(of marker: UInt8) -> String {
        switch marker {
        case 0xD8: "SOI"
        case 0xD9: "EOI"
        case 0xDA: "SOS"
        case 0xDB: "DQT"
        case 0xC4: "DHT"
        case 0xCC: "DAC"
        case 0xDD: "DRI"
        case 0xDC: "DNL"
        case 0xDE: "DHP"
        case 0xDF: "EXP"
        case 0xFE: "COM"
        case 0x01: "TEM"
        case 0xC0...0xCF: "SOF\(marker - 0xC0)"
        case 0xD0...0xD7: "RST\(marker - 0xD0)"
        case 0xE0...0xEF: "APP\(marker - 0xE0)"
        case 0xF0...0xFD: "JPG\(marker - 0xF0)"
        default: "0x" + hexByte(marker)
        }
    }

    /// What an APPn segment carries, identified by its payload signature (never by marker number alone).
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable, CustomStringConvertible {
        /// APP0 `JFIF\0`.
        case jfif = "JFIF"
        /// APP0 `JFXX\0` (JFIF extension thumbnail).
        case jfxx = "JFXX"
        /// APP1 `Exif\0\0`: TIFF-structured Exif.
        case exif = "Exif"
        /// APP1 `http://ns.adobe.com/xap/1.0/\0`: the standard XMP packet.
        case xmp = "XMP"
        /// APP1 `http://ns.adobe.com/xmp/extension/\0`: one Extended XMP chunk.
        case extendedXMP = "Extended XMP"
        /// APP2 `ICC_PROFILE\0`: (a chunk of) an ICC profile.
        case icc = "ICC"
        /// APP2 `MPF\0`: CIPA Multi-Picture Format index.
        case mpf = "MPF"
        /// APP14 `Adobe`: colour-transform flag.
        case adobe = "Adobe"
        /// APP13 `Photoshop 3.0\0`: image resource blocks.
        case photoshop = "Photoshop"
        /// APP6 `GoPro`: GPMF metadata.
        case gopro = "GoPro"
        /// Any other signature.
        case other = "other"

        /// The kind's display name (its raw value), e.g. `Extended XMP`.
        public var description: String { rawValue }

        /// Identifies an APPn payload (the bytes after the length field) by its signature.
        /// - Parameters:
        ///   - marker: the APPn marker byte, `0xE0`…`0xEF`.
        ///   - payload: the segment's payload.
        public static func identify(marker: UInt8, payload: ArraySlice<UInt8>) -> Kind {
            func starts(_ signature: [UInt8]) -> Bool { payload.starts(with: signature) }
            switch marker {
            case 0xE0 where starts(Signature.jfif): return .jfif
            case 0xE0 where starts(Signature.jfxx): return .jfxx
            case 0xE1 where starts(Signature.exif): return .exif
            case 0xE1 where starts(Signature.xmp): return .xmp
            case 0xE1 where starts(Signature.extendedXMP): return .extendedXMP
            case 0xE2 where starts(Signature.icc): return .icc
            case 0xE2 where starts(Signature.mpf): return .mpf
            case 0xED where starts(Signature.photoshop): return .photoshop
            case 0xEE where starts(Signature.adobe): return .adobe
            case 0xE6 where starts(Signature.gopro): return .gopro
            default: return .other
            }
        }
    }

    /// APPn payload signatures.
    enum Signature {
        static let jfif = Array("JFIF\0".utf8)
        static let jfxx = Array("JFXX\0".utf8)
        static let exif = Array("Exif\0\0".utf8)
        static let xmp = Array("http://ns.adobe.com/xap/1.0/\0".utf8)
        static let extendedXMP = Array("http://ns.adobe.com/xmp/extension/\0".utf8)
        static let icc = Array("ICC_PROFILE\0".utf8)
        static let mpf = Array("MPF\0".utf8)
        static let photoshop = Array("Photoshop 3.0\0".utf8)
        static let adobe = Array("Adobe".utf8)
        static let gopro = Array("GoPro".utf8)
    }
}

extension JPEGSegment {
    /// Two upper-case hex digits, e.g. `DB`.
    static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
    }
}
