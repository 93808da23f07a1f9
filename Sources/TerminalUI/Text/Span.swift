/// A run of text in one style.
public struct Span: Hashable, Sendable, ExpressibleByStringLiteral {
  /// The text (already sanitised if it came from outside).
  public var text: String
  /// The style of the whole run.
  public var style: Style

  /// Creates a styled run.
  public init(_ text: String, style: Style = .plain) {
    self.text = text
    self.style = style
  }

  /// Creates an unstyled run from a literal.
  public init(stringLiteral value: String) { self.init(value) }

  /// Columns the text occupies.
  ///
  /// O(n).
  public var width: Int { text.displayWidth }
}

/// One line of styled text.
public struct Line: Hashable, Sendable, ExpressibleByStringLiteral {
  /// The runs, left to right.
  public var spans: [Span]

  /// Creates a line from runs.
  public init(_ spans: [Span]) { self.spans = spans }

  /// Creates a line of one run.
  public init(_ text: String, style: Style = .plain) {
    spans = [Span(text, style: style)]
  }

  /// Creates an unstyled line from a literal.
  public init(stringLiteral value: String) { self.init(value) }

  /// Columns the line occupies.
  ///
  /// O(n).
  public var width: Int { spans.reduce(0) { $0 + $1.width } }

  /// The line's plain text.
  ///
  /// O(n).
  public var text: String { spans.map(\.text).joined() }
}
