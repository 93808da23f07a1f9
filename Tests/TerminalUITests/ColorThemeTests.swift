import Testing

@testable import TerminalUI

@Suite("Color")
struct ColorTests {
  @Test(arguments: [
    ("default", Color.default), ("red", .red), ("bright-blue", .brightBlue),
    ("bright_blue", .brightBlue),
    ("Grey", .brightBlack), ("#8ec07c", .rgb(0x8E, 0xC0, 0x7C)),
    ("#FFFFFF", .rgb(255, 255, 255)), ("0", .indexed(0)),
    ("255", .indexed(255)), (" 42 ", .indexed(42)),
  ])
  func parses(_ text: String, _ color: Color) throws {
    #expect(try Color(parsing: text) == color)
  }

  @Test(arguments: [
    "", "blurple", "#12345", "#1234567", "#gg0000", "256", "-1", "#+12345",
    "bright-",
  ])
  func rejects(_ text: String) {
    #expect(throws: ColorParsingError(text: text)) { try Color(parsing: text) }
  }

  @Test(arguments: [
    Color.default, .red, .brightWhite, .indexed(123), .rgb(0, 10, 255),
  ])
  func descriptionRoundTrips(_ color: Color) throws {
    #expect(try Color(parsing: color.description) == color)
  }

  @Test func rgbToTheXterm256CubeOrGreyRamp() {
    #expect(Color.rgb(255, 0, 0).converted(to: .indexed256) == .indexed(196))
    #expect(Color.rgb(95, 135, 175).converted(to: .indexed256) == .indexed(67))
    #expect(
      Color.rgb(128, 128, 128).converted(to: .indexed256) == .indexed(244))
    #expect(Color.rgb(0, 0, 0).converted(to: .indexed256) == .indexed(16))
    #expect(Color.rgb(1, 2, 3).converted(to: .trueColor) == .rgb(1, 2, 3))
  }

  @Test func downToSixteenAndEight() {
    #expect(Color.indexed(196).converted(to: .ansi16) == .brightRed)
    #expect(Color.indexed(196).converted(to: .ansi8) == .red)
    #expect(Color.brightBlue.converted(to: .ansi16) == .brightBlue)
    #expect(Color.brightBlue.converted(to: .ansi8) == .blue)
    #expect(Color.rgb(0x8E, 0xC0, 0x7C).converted(to: .ansi8) == .green)
    #expect(Color.indexed(250).converted(to: .ansi8) == .white)
    #expect(Color.red.converted(to: .ansi8) == .red)
  }

  @Test func noneDropsColourAndDefaultStays() {
    #expect(Color.red.converted(to: .none) == .default)
    #expect(Color.default.converted(to: .ansi8) == .default)
    #expect(ColorDepth(colorCount: 256) == .indexed256)
    #expect(ColorDepth(colorCount: 88) == .ansi16)
    #expect(ColorDepth(colorCount: 8) == .ansi8)
    #expect(ColorDepth(colorCount: 0) == .none)
  }

  @Test func stylePatchingOverlaysColoursAndUnitesAttributes() {
    let base = Style(foreground: .red, background: .blue, bold: true)
    let patched = base.patched(with: Style(foreground: .green, underline: true))
    #expect(
      patched
        == Style(
          foreground: .green, background: .blue, bold: true, underline: true))
    #expect(base.patched(with: .plain) == base)
    #expect(patched.description == "fg=green bg=blue bold underline")
  }
}

@Suite("Theme")
struct ThemeTests {
  @Test func roleNamesAreSnakeCaseAndComplete() {
    let names = Theme.roleNames
    #expect(names.count == 19)
    // Generic roles only: container states belong to the app's theme.
    #expect(!names.contains { $0.hasPrefix("state_") || $0 == "oom_killed" })
    #expect(Set(names).count == names.count)
    #expect(
      names.contains("border_focused") && names.contains("key_hint_key")
        && names.contains("graph_symbols"))
    #expect(names.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "_" } })
    #expect(Theme.default[role: "selection"] == Theme.default.selection)
    #expect(Theme.default[role: "usage"] == nil)
  }

  @Test func paletteNamesResolveBeforeColourNames() throws {
    let theme = try Theme(
      name: "custom", palette: ["red": "#010203", "accent": "42"],
      roles: [
        "danger": .color("red"),
        "selection": .style(
          fg: "accent", bg: "blue", bold: true, dim: nil, reverse: nil,
          underline: nil),
        "usage": .gradient(start: "green", mid: "accent", end: "#ffffff"),
        "graph_symbols": .symbols("block"),
      ])
    #expect(theme.name == "custom")
    #expect(theme.danger == Style(foreground: .rgb(1, 2, 3)))
    #expect(
      theme.selection
        == Style(foreground: .indexed(42), background: .blue, bold: true))
    #expect(
      theme.usage
        == Gradient(start: .green, mid: .indexed(42), end: .rgb(255, 255, 255)))
    #expect(theme.graphSymbols == .block)
    #expect(theme.muted == Theme.default.muted)
  }

  @Test(
    arguments: [
      ("roles.bogus", [:], ["bogus": ThemeRoleValue.color("red")]),
      (
        "roles.selection.bg", [:],
        [
          "selection": .style(
            fg: nil, bg: "blurple", bold: nil, dim: nil, reverse: nil,
            underline: nil)
        ]
      ),
      ("roles.text", [:], ["text": .color("#12")]),
      ("palette.green", ["green": "#zzzzzz"], [:]),
      ("roles.usage", [:], ["usage": .color("red")]),
      (
        "roles.usage.mid", [:],
        ["usage": .gradient(start: "red", mid: "nope", end: "red")]
      ),
      ("roles.graph_symbols", [:], ["graph_symbols": .symbols("sixel")]),
      ("roles.border", [:], ["border": .symbols("block")]),
    ] as [(String, [String: String], [String: ThemeRoleValue])])
  func errorsNameTheKey(
    _ key: String, _ palette: [String: String],
    _ roles: [String: ThemeRoleValue]
  ) {
    #expect {
      try Theme(name: "broken", palette: palette, roles: roles)
    } throws: { error in
      guard let error = error as? ThemeError else { return false }
      return error.key == key && error.description.hasPrefix(key + ": ")
    }
  }

  @Test func monochromeKeepsAttributesAndDropsColours() {
    let mono = Theme.default.monochrome
    for name in Theme.roleNames {
      guard let style = mono[role: name] else { continue }
      #expect(
        style.foreground == nil && style.background == nil, "role \(name)")
    }
    #expect(mono.title.isBold)
    #expect(mono.selection.isBold && mono.selection.isReversed)
    #expect(
      mono.usage == Gradient(start: .default, mid: .default, end: .default))
    #expect(Theme.default.converted(to: .none) == mono)
    #expect(Theme.default.converted(to: .ansi8).selection.background == .green)
  }
}

@Suite("GlyphSet")
struct GlyphSetTests {
  @Test func chosenByLocale() {
    #expect(
      GlyphSet.forLocale(environment: ["LANG": "en_US.UTF-8"]) == .unicode)
    #expect(
      GlyphSet.forLocale(environment: ["LC_ALL": "C.utf8", "LANG": "C"])
        == .unicode)
    #expect(
      GlyphSet.forLocale(environment: ["LC_ALL": "C", "LANG": "en_US.UTF-8"])
        == .ascii)
    #expect(
      GlyphSet.forLocale(environment: ["LC_ALL": "", "LC_CTYPE": "de_DE.UTF-8"])
        == .unicode)
    #expect(GlyphSet.forLocale(environment: [:]) == .ascii)
  }
}

@Suite("Colour down-conversion by hue")
struct HueConversionTests {
  @Test(arguments: [
    (Color.rgb(0x8E, 0xC0, 0x7C), Color.green, Color.green),
    (.rgb(0x98, 0xC3, 0x79), .green, .green),
    (.rgb(0xFB, 0x49, 0x34), .red, .brightRed),
    (.rgb(0xFA, 0xBD, 0x2F), .yellow, .brightYellow),
    (.rgb(0x83, 0xA5, 0x98), .white, .brightBlack),
    (.rgb(0x45, 0x85, 0x88), .cyan, .cyan),
    (.rgb(0x3C, 0x38, 0x36), .black, .brightBlack),
    (.rgb(0x92, 0x83, 0x74), .white, .brightBlack),
    (.rgb(0xEB, 0xDB, 0xB2), .white, .brightWhite),
    (.rgb(0, 0, 0), .black, .black), (.rgb(20, 0, 40), .black, .black),
    (.rgb(60, 0, 180), .blue, .blue), (.indexed(21), .blue, .brightBlue),
  ])
  func nearestAnsiColour(_ color: Color, _ eight: Color, _ sixteen: Color) {
    #expect(color.converted(to: .ansi8) == eight)
    #expect(color.converted(to: .ansi16) == sixteen)
  }
}
