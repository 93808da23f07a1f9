extension Theme {
  /// The built-in dark theme's generic roles (an application's own roles, such as Berth's
  /// container states, are kept by the application beside them).
  public static let `default`: Theme = {
    let green = Color.rgb(0x98, 0xC3, 0x79)
    let aqua = Color.rgb(0x8E, 0xC0, 0x7C)
    let red = Color.rgb(0xFB, 0x49, 0x34)
    let yellow = Color.rgb(0xFA, 0xBD, 0x2F)
    let blue = Color.rgb(0x83, 0xA5, 0x98)
    let orange = Color.rgb(0xFE, 0x80, 0x19)
    let grey = Color.rgb(0x92, 0x83, 0x74)
    let bg0 = Color.rgb(0x28, 0x28, 0x28)
    let bg1 = Color.rgb(0x3C, 0x38, 0x36)
    let fg = Color.rgb(0xEB, 0xDB, 0xB2)
    return Theme(
      name: "default",
      text: Style(foreground: .default),
      muted: Style(foreground: grey),
      border: Style(foreground: grey),
      borderFocused: Style(foreground: aqua, bold: true),
      title: Style(foreground: yellow, bold: true),
      header: Style(foreground: blue, bold: true),
      selection: Style(foreground: bg0, background: aqua, bold: true),
      danger: Style(foreground: red, bold: true),
      warning: Style(foreground: orange),
      ok: Style(foreground: green),
      statusBar: Style(foreground: fg, background: bg1),
      statusError: Style(foreground: red, background: bg1, bold: true),
      keyHint: Style(foreground: grey),
      keyHintKey: Style(foreground: yellow, bold: true),
      logTimestamp: Style(foreground: grey),
      logStderr: Style(foreground: orange),
      searchMatch: Style(foreground: bg0, background: yellow),
      usage: Gradient(start: green, mid: yellow, end: red),
      graphSymbols: .braille
    )
  }()
}
