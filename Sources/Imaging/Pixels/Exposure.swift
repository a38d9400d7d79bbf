/// The exposure class of an image (the CSV's `exposure`).
public enum Exposure: String, Sendable, Equatable, CaseIterable, Encodable {
    /// Neither dark nor overexposed.
    case ok
    /// Mean brightness below ``PixelSignals/darkBrightness``.
    case dark
    /// Mean brightness above ``PixelSignals/brightBrightness``, or clipped highlights above
    /// ``PixelSignals/clippedLimit``.
    case overexposed
}
