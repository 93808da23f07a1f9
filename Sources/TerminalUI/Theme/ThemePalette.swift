/// A theme file's `[palette]`: named colours that role values refer to.
///
/// `Theme` resolves its roles through it, and so does an application that adds roles of its own,
/// so every role's colours resolve and fail the same way.
public struct ThemePalette: Sendable {
  /// The palette's colours by name.
  private var colors: [String: Color]

  /// Parses each palette entry (a colour name, `#rrggbb` or 0–255); an error names `palette.KEY`.
  public init(_ palette: [String: String]) throws(ThemeError) {
    colors = [:]
    for (key, value) in palette.sorted(by: { $0.key < $1.key }) {
      do { colors[key] = try Color(parsing: value) } catch {
        throw ThemeError(key: "palette.\(key)", reason: error.description)
      }
    }
  }

  /// The colour `text` names: a palette entry first, then a colour name, `#rrggbb` or 0–255.
  ///
  /// - Parameter key: The dotted key the text was read from, named in the error.
  public func color(_ text: String, key: String) throws(ThemeError) -> Color {
    if let color = colors[text] { return color }
    do { return try Color(parsing: text) } catch {
      throw ThemeError(
        key: key, reason: "\"\(text)\" is neither a palette entry nor a colour (name, #rrggbb or 0–255)")
    }
  }

  /// The style a style role's value describes: a colour (the foreground) or a style table.
  ///
  /// - Parameter key: The role's dotted key (`roles.NAME`), named in errors.
  public func style(_ value: ThemeRoleValue, key: String) throws(ThemeError) -> Style {
    func optional(_ text: String?, key: String) throws(ThemeError) -> Color? {
      guard let text else { return nil }
      return try color(text, key: key)
    }
    switch value {
    case .color(let text):
      return Style(foreground: try color(text, key: key))
    case .style(let fg, let bg, let bold, let dim, let reverse, let underline):
      return Style(
        foreground: try optional(fg, key: key + ".fg"), background: try optional(bg, key: key + ".bg"),
        bold: bold ?? false, dim: dim ?? false, reverse: reverse ?? false, underline: underline ?? false)
    case .gradient, .symbols:
      throw ThemeError(key: key, reason: "expected a colour or a table { fg, bg, bold, dim, reverse, underline }")
    }
  }
}

extension Style {
  /// This style without colours: attributes kept, and reversed when it had a background colour
  /// (such as a selection) so it stays visible.
  public var monochrome: Style {
    var plain = Style()
    plain.attributes = attributes
    if let background, background != .default { plain.attributes.insert(.reverse) }
    return plain
  }
}
