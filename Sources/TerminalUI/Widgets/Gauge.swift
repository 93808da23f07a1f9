/// A three-stop colour gradient (for example green → yellow → red for usage).
public struct Gradient: Hashable, Sendable {
  /// The colour at 0.
  public var start: Color
  /// The colour at 0.5.
  public var mid: Color
  /// The colour at 1.
  public var end: Color

  /// Creates a gradient.
  public init(start: Color, mid: Color, end: Color) {
    self.start = start
    self.mid = mid
    self.end = end
  }

  /// The colour at `position` (clamped to 0…1), interpolated in RGB between
  /// neighbouring stops; the stops themselves come back unchanged, and
  /// `.default` stops are not blended.
  public func color(at position: Double) -> Color {
    let t = position.isFinite ? min(1, max(0, position)) : 0
    return t <= 0.5
      ? Gradient.blend(start, mid, t * 2)
      : Gradient.blend(mid, end, (t - 0.5) * 2)
  }

  private static func blend(_ a: Color, _ b: Color, _ u: Double) -> Color {
    if u <= 0 { return a }
    if u >= 1 { return b }
    guard let ca = a.rgbComponents, let cb = b.rgbComponents else {
      return u < 0.5 ? a : b
    }
    func mix(_ x: UInt8, _ y: UInt8) -> UInt8 {
      UInt8((Double(x) + (Double(y) - Double(x)) * u).rounded())
    }
    return .rgb(
      mix(ca.red, cb.red), mix(ca.green, cb.green), mix(ca.blue, cb.blue))
  }
}

/// A one-row usage bar: filled cells coloured along a gradient by position,
/// then an optional label.
public struct Gauge: Widget, Sendable {
  /// Fill ratio, clamped to 0…1.
  public var ratio: Double
  /// Text after the bar, for example `42%`.
  public var label: String
  /// Colours of the filled part.
  public var gradient: Gradient
  /// Style of the empty part.
  public var emptyStyle: Style
  /// Style of the label.
  public var labelStyle: Style
  /// Fill characters.
  public var glyphs: GlyphSet

  /// Creates a gauge.
  public init(
    ratio: Double, label: String = "",
    gradient: Gradient = Gradient(start: .green, mid: .yellow, end: .red),
    emptyStyle: Style = Style(dim: true), labelStyle: Style = .plain,
    glyphs: GlyphSet = .unicode
  ) {
    self.ratio = ratio
    self.label = label
    self.gradient = gradient
    self.emptyStyle = emptyStyle
    self.labelStyle = labelStyle
    self.glyphs = glyphs
  }

  /// Draws on the top row of `area`: the label at the right, the bar in the
  /// rest.
  public func draw(in area: Rect, on screen: inout Screen) {
    guard !area.isEmpty else { return }
    let labelWidth = min(label.displayWidth, area.width)
    let barWidth =
      label.isEmpty ? area.width : max(0, area.width - labelWidth - 1)
    if labelWidth > 0 {
      screen.put(
        label.truncated(toWidth: labelWidth), x: area.maxX - labelWidth,
        y: area.y, style: labelStyle)
    }
    guard barWidth > 0 else { return }
    let clamped = ratio.isFinite ? min(1, max(0, ratio)) : 0
    let stepsPerCell = glyphs.gaugePartials.count + 1
    let steps = Int((clamped * Double(barWidth * stepsPerCell)).rounded())
    let (full, partial) = steps.quotientAndRemainder(dividingBy: stepsPerCell)
    for i in 0..<barWidth {
      let fill = Style(
        foreground: gradient.color(
          at: barWidth == 1 ? clamped : Double(i) / Double(barWidth - 1)))
      if i < full {
        screen.put(
          String(glyphs.gaugeFilled), x: area.x + i, y: area.y, style: fill)
      } else if i == full, partial > 0 {
        screen.put(
          String(glyphs.gaugePartials[partial - 1]), x: area.x + i, y: area.y,
          style: fill)
      } else {
        screen.put(
          String(glyphs.gaugeEmpty), x: area.x + i, y: area.y, style: emptyStyle
        )
      }
    }
  }
}
