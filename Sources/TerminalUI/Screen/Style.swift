/// How a cell looks: colours plus text attributes.
public struct Style: Hashable, Sendable {
  /// Text attributes that can be combined.
  public struct Attributes: OptionSet, Hashable, Sendable {
    /// The bit mask.
    public let rawValue: UInt8
    /// Creates attributes from a bit mask.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Bold (or bright) text.
    public static let bold = Attributes(rawValue: 1 << 0)
    /// Dim text.
    public static let dim = Attributes(rawValue: 1 << 1)
    /// Swapped foreground and background.
    public static let reverse = Attributes(rawValue: 1 << 2)
    /// Underlined text.
    public static let underline = Attributes(rawValue: 1 << 3)
  }

  /// The foreground colour; `nil` means unspecified (inherit when patching,
  /// terminal default when drawn).
  public var foreground: Color?
  /// The background colour; `nil` means unspecified (inherit when patching,
  /// terminal default when drawn).
  public var background: Color?
  /// Bold, dim, reverse and underline.
  public var attributes: Attributes

  /// The plain style: terminal default colours and no attributes.
  public static let plain = Style()

  /// Creates a style from colours and attribute flags.
  public init(
    foreground: Color? = nil, background: Color? = nil,
    bold: Bool = false, dim: Bool = false, reverse: Bool = false,
    underline: Bool = false
  ) {
    self.foreground = foreground
    self.background = background
    var attributes: Attributes = []
    if bold { attributes.insert(.bold) }
    if dim { attributes.insert(.dim) }
    if reverse { attributes.insert(.reverse) }
    if underline { attributes.insert(.underline) }
    self.attributes = attributes
  }

  /// Whether text is bold.
  public var isBold: Bool { attributes.contains(.bold) }
  /// Whether text is dim.
  public var isDim: Bool { attributes.contains(.dim) }
  /// Whether colours are swapped.
  public var isReversed: Bool { attributes.contains(.reverse) }
  /// Whether text is underlined.
  public var isUnderlined: Bool { attributes.contains(.underline) }

  /// This style overlaid by `other`: its colours win where set, and attributes
  /// are combined.
  public func patched(with other: Style) -> Style {
    var result = self
    result.patch(with: other)
    return result
  }

  /// Overlays `other` onto this style: its colours win where set, and
  /// attributes are combined.
  public mutating func patch(with other: Style) {
    foreground = other.foreground ?? foreground
    background = other.background ?? background
    attributes.formUnion(other.attributes)
  }

  /// This style with its colours converted to `depth` (see
  /// `Color.converted(to:)`).
  public func converted(to depth: ColorDepth) -> Style {
    var result = self
    result.foreground = foreground?.converted(to: depth)
    result.background = background?.converted(to: depth)
    return result
  }
}

extension Style: CustomStringConvertible {
  /// A compact readable form such as `fg=red bg=#102030 bold`, or `plain`.
  public var description: String {
    var parts: [String] = []
    if let foreground { parts.append("fg=\(foreground)") }
    if let background { parts.append("bg=\(background)") }
    if isBold { parts.append("bold") }
    if isDim { parts.append("dim") }
    if isReversed { parts.append("reverse") }
    if isUnderlined { parts.append("underline") }
    return parts.isEmpty ? "plain" : parts.joined(separator: " ")
  }
}
