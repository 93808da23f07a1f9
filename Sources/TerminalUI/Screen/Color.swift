/// A terminal colour: the terminal's default, a 256-colour palette index, or
/// 24-bit RGB.
public enum Color: Hashable, Sendable {
  /// The terminal's own default foreground or background.
  case `default`
  /// An xterm palette index: 0–7 normal, 8–15 bright, 16–231 a 6×6×6 cube,
  /// 232–255 greys.
  case indexed(UInt8)
  /// A 24-bit colour.
  case rgb(UInt8, UInt8, UInt8)

  /// Palette index 0.
  public static let black = Color.indexed(0)
  /// Palette index 1.
  public static let red = Color.indexed(1)
  /// Palette index 2.
  public static let green = Color.indexed(2)
  /// Palette index 3.
  public static let yellow = Color.indexed(3)
  /// Palette index 4.
  public static let blue = Color.indexed(4)
  /// Palette index 5.
  public static let magenta = Color.indexed(5)
  /// Palette index 6.
  public static let cyan = Color.indexed(6)
  /// Palette index 7.
  public static let white = Color.indexed(7)
  /// Palette index 8 ("bright-black", also spelled "grey"/"gray").
  public static let brightBlack = Color.indexed(8)
  /// Palette index 9.
  public static let brightRed = Color.indexed(9)
  /// Palette index 10.
  public static let brightGreen = Color.indexed(10)
  /// Palette index 11.
  public static let brightYellow = Color.indexed(11)
  /// Palette index 12.
  public static let brightBlue = Color.indexed(12)
  /// Palette index 13.
  public static let brightMagenta = Color.indexed(13)
  /// Palette index 14.
  public static let brightCyan = Color.indexed(14)
  /// Palette index 15.
  public static let brightWhite = Color.indexed(15)

  /// The names of the sixteen ANSI colours, by palette index.
  public static let ansiNames = [
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
    "bright-black", "bright-red", "bright-green", "bright-yellow",
    "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
  ]

  /// Parses `"default"`, an ANSI name (`"red"`, `"bright-blue"`, `"grey"`),
  /// `"#rrggbb"` or an index `"0"`–`"255"`.
  public init(parsing text: String) throws(ColorParsingError) {
    let name = text.trimmingSpaces().lowercased().replacingUnderscores()
    if name == "default" || name == "reset" {
      self = .default
    } else if let index = Color.ansiNames.firstIndex(of: name) {
      self = .indexed(UInt8(index))
    } else if name == "grey" || name == "gray" {
      self = .brightBlack
    } else if name.hasPrefix("#") {
      let hex = name.dropFirst()
      guard hex.count == 6, hex.allSatisfy(\.isHexDigit),
        let value = UInt32(hex, radix: 16)
      else {
        throw ColorParsingError(text: text)
      }
      self = .rgb(
        UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)
      )
    } else if !name.isEmpty, name.allSatisfy(\.isASCIIDigit),
      let index = Int(name), index <= 255
    {
      self = .indexed(UInt8(index))
    } else {
      throw ColorParsingError(text: text)
    }
  }

  /// An approximate 24-bit value (xterm's default palette), or `nil` for
  /// `.default`.
  public var rgbComponents: (red: UInt8, green: UInt8, blue: UInt8)? {
    switch self {
    case .default: return nil
    case .rgb(let r, let g, let b): return (r, g, b)
    case .indexed(let index): return Color.xtermRGB(index)
    }
  }

  /// This colour expressed within `depth` (nearest match; `.default` stays
  /// `.default`).
  public func converted(to depth: ColorDepth) -> Color {
    switch (self, depth) {
    case (.default, _), (_, .trueColor): return self
    case (_, .none): return .default
    case (.rgb(let r, let g, let b), .indexed256):
      return .indexed(Color.nearest256(r, g, b))
    case (.indexed, .indexed256): return self
    case (.indexed(let index), .ansi16) where index < 16: return self
    case (.indexed(let index), .ansi8) where index < 8: return self
    case (_, .ansi16): return .indexed(nearestPaletteIndex(below: 16))
    case (_, .ansi8): return .indexed(nearestPaletteIndex(below: 8))
    }
  }

  /// The nearest of the first 8 or 16 palette entries, by hue rather than RGB
  /// distance (which maps many muted greens to yellow): low-saturation colours
  /// become black, grey or white by brightness, others the ANSI colour of the
  /// nearest 60° hue sector (bright if very bright).
  private func nearestPaletteIndex(below count: UInt8) -> UInt8 {
    guard let (r, g, b) = rgbComponents else { return 0 }
    let (red, green, blue) = (Double(r) / 255, Double(g) / 255, Double(b) / 255)
    let value = max(red, green, blue)
    let delta = value - min(red, green, blue)
    let hasSixteen = count >= 16
    if value == 0 || delta / value < 0.25 || value < 0.2 {
      switch value {
      case ..<(hasSixteen ? 0.2 : 0.4): return 0
      case ..<0.65: return hasSixteen ? 8 : 7
      case ..<0.9: return 7
      default: return hasSixteen ? 15 : 7
      }
    }
    var hue: Double
    switch value {
    case red: hue = (green - blue) / delta
    case green: hue = (blue - red) / delta + 2
    default: hue = (red - green) / delta + 4
    }
    hue = (hue * 60 + 360).truncatingRemainder(dividingBy: 360)
    // Red, yellow, green, cyan, blue, magenta.
    let sectors: [UInt8] = [1, 3, 2, 6, 4, 5]
    let index = sectors[Int((hue / 60).rounded()) % 6]
    return hasSixteen && value > 0.9 ? index + 8 : index
  }

  private static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]
  private static let ansiRGB: [(UInt8, UInt8, UInt8)] = [
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238),
    (205, 0, 205), (0, 205, 205), (229, 229, 229),
    (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
    (255, 0, 255), (0, 255, 255),
    (255, 255, 255),
  ]

  /// The xterm default RGB value of palette entry `index`.
  static func xtermRGB(_ index: UInt8) -> (UInt8, UInt8, UInt8) {
    switch index {
    case 0..<16: return ansiRGB[Int(index)]
    case 16..<232:
      let cube = Int(index) - 16
      return (
        UInt8(cubeLevels[cube / 36]), UInt8(cubeLevels[cube / 6 % 6]),
        UInt8(cubeLevels[cube % 6])
      )
    default:
      let level = UInt8(8 + 10 * (Int(index) - 232))
      return (level, level, level)
    }
  }

  /// The xterm-256 index nearest to an RGB value, choosing between the colour
  /// cube and the grey ramp.
  static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
    func cubeStep(_ v: UInt8) -> Int {
      (0..<6).min {
        abs(cubeLevels[$0] - Int(v)) < abs(cubeLevels[$1] - Int(v))
      } ?? 0
    }
    let cubeIndex = UInt8(16 + 36 * cubeStep(r) + 6 * cubeStep(g) + cubeStep(b))
    let average = (Int(r) + Int(g) + Int(b)) / 3
    let greyIndex = UInt8(232 + max(0, min(23, (average - 3) / 10)))
    let target = (r, g, b)
    return distance(xtermRGB(greyIndex), target)
      < distance(xtermRGB(cubeIndex), target) ? greyIndex : cubeIndex
  }

  static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8))
    -> Int
  {
    let dr = Int(a.0) - Int(b.0)
    let dg = Int(a.1) - Int(b.1)
    let db = Int(a.2) - Int(b.2)
    return dr * dr + dg * dg + db * db
  }
}

extension Color: CustomStringConvertible {
  /// The canonical text form, accepted by `init(parsing:)`: a name, an index or
  /// `#rrggbb`.
  public var description: String {
    switch self {
    case .default: return "default"
    case .indexed(let index) where index < 16:
      return Color.ansiNames[Int(index)]
    case .indexed(let index): return String(index)
    case .rgb(let r, let g, let b):
      return "#"
        + [r, g, b].map {
          $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16)
        }.joined()
    }
  }
}

/// How many colours a terminal can show.
public enum ColorDepth: Int, Sendable, CaseIterable, Comparable {
  /// No colour at all (attributes only), for example under `NO_COLOR`.
  case none = 0
  /// The eight ANSI colours.
  case ansi8 = 8
  /// The sixteen ANSI colours including bright ones.
  case ansi16 = 16
  /// The xterm 256-colour palette.
  case indexed256 = 256
  /// 24-bit colour.
  case trueColor = 16_777_216

  /// The depth for a terminal reporting `colors` (curses' `COLORS`), at most
  /// 256 colours.
  public init(colorCount colors: Int) {
    switch colors {
    case 256...: self = .indexed256
    case 16...: self = .ansi16
    case 8...: self = .ansi8
    default: self = .none
    }
  }

  /// Orders depths by the number of colours.
  public static func < (lhs: ColorDepth, rhs: ColorDepth) -> Bool {
    lhs.rawValue < rhs.rawValue
  }
}

/// The error thrown when a colour string is not a name, `#rrggbb` or an index
/// 0–255.
public struct ColorParsingError: Error, Equatable, CustomStringConvertible {
  /// The rejected text.
  public var text: String
  /// A user-facing explanation.
  public var description: String {
    "invalid colour \"\(text)\": expected a name such as \"red\" or \"bright-blue\", \"default\", \"#rrggbb\" or 0–255"
  }
}

extension String {
  /// This string without leading and trailing spaces and tabs.
  func trimmingSpaces() -> String {
    var scalars = Substring(self).unicodeScalars.drop {
      $0 == " " || $0 == "\t"
    }
    while let last = scalars.last, last == " " || last == "\t" {
      scalars.removeLast()
    }
    return String(scalars)
  }

  /// This string with `_` replaced by `-`.
  func replacingUnderscores() -> String { String(map { $0 == "_" ? "-" : $0 }) }
}

extension Character {
  /// Whether this is one of `0`–`9`.
  var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
