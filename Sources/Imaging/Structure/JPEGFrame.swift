/// The frame header (SOFn) of a JPEG: coding process, precision, size and components.
public struct JPEGFrame: Sendable, Equatable {
    /// The SOFn marker byte, `0xC0`…`0xCF` (except `0xC4`, `0xC8`, `0xCC`).
    public var marker: UInt8
    /// Sample precision in bits (8 for nearly every file; 12 or 16 for extended/lossless).
    public var precision: Int
    /// Width in pixels as declared by the frame header.
    public var width: Int
    /// Height in pixels as declared (0 means "defined later by a DNL marker").
    public var height: Int
    /// The components in frame order.
    public var components: [Component]

    /// Creates a frame record.
    public init(marker: UInt8, precision: Int, width: Int, height: Int, components: [Component]) {
        self.marker = marker
        self.precision = precision
        self.width = width
        self.height = height
        self.components = components
    }

    /// One image component of the frame.
    public struct Component: Sendable, Equatable {
        /// Component identifier (1 = Y, 2 = Cb, 3 = Cr in JFIF files; `R`, `G`, `B` in some Adobe files).
        public var id: UInt8
        /// Horizontal sampling factor, 1…4.
        public var horizontalSampling: Int
        /// Vertical sampling factor, 1…4.
        public var verticalSampling: Int
        /// Quantization table selector, 0…3.
        public var quantizationTable: Int

        /// Creates a component record.
        public init(id: UInt8, horizontalSampling: Int, verticalSampling: Int, quantizationTable: Int) {
            self.id = id
            self.horizontalSampling = horizontalSampling
            self.verticalSampling = verticalSampling
            self.quantizationTable = quantizationTable
        }
    }

    /// The coding process named by a SOFn marker.
    public enum Coding: String, Sendable, Equatable, Codable, CustomStringConvertible {
        /// SOF0: baseline sequential DCT, Huffman.
        case baseline
        /// SOF1: extended sequential DCT, Huffman.
        case extended
        /// SOF2: progressive DCT, Huffman.
        case progressive
        /// SOF3: lossless, Huffman.
        case lossless
        /// SOF5–7: hierarchical, Huffman.
        case hierarchical
        /// SOF9–11, SOF13–15: arithmetic-coded.
        case arithmetic

        /// The coding's name, e.g. `progressive`.
        public var description: String { rawValue }
    }

    /// The coding process of this frame.
    public var coding: Coding {
        switch marker {
        case 0xC0: .baseline
        case 0xC1: .extended
        case 0xC2: .progressive
        case 0xC3: .lossless
        case 0xC5, 0xC6, 0xC7: .hierarchical
        default: .arithmetic
        }
    }

    /// True for progressive frames (SOF2, SOF6, SOF10, SOF14).
    public var isProgressive: Bool { [0xC2, 0xC6, 0xCA, 0xCE].contains(marker) }

    /// The marker name, e.g. `SOF2`.
    public var sofName: String { JPEGSegment.name(of: marker) }

    /// Parses a SOFn payload (the bytes after the length field); nil when it is too short for its
    /// declared component count.
    static func parse(marker: UInt8, payload: ArraySlice<UInt8>) -> JPEGFrame? {
        let p = payload.startIndex
        guard payload.count >= 6 else { return nil }
        let precision = Int(payload[p])
        let height = Int(payload[p + 1]) << 8 | Int(payload[p + 2])
        let width = Int(payload[p + 3]) << 8 | Int(payload[p + 4])
        let count = Int(payload[p + 5])
        guard payload.count >= 6 + 3 * count else { return nil }
        var components: [Component] = []
        components.reserveCapacity(count)
        for i in 0..<count {
            let c = p + 6 + 3 * i
            components.append(Component(
                id: payload[c], horizontalSampling: Int(payload[c + 1] >> 4),
                verticalSampling: Int(payload[c + 1] & 0x0F), quantizationTable: Int(payload[c + 2])))
        }
        return JPEGFrame(marker: marker, precision: precision, width: width, height: height, components: components)
    }
}
