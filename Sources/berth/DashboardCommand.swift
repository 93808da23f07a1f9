import ArgumentParser
import BerthApp
import FoundationEssentials
import Glibc

/// `berth` (default): the interactive dashboard.
struct DashboardCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dashboard",
    abstract: "Open the dashboard (the default).",
    discussion: "Press ? in the dashboard for every key.")

  @OptionGroup var engine: EngineOptions

  @Option(help: "Theme: default, light, high-contrast, monochrome, or a path to a .toml file.")
  var theme: String?

  @Option(help: "A keymap file overriding some default keys (see themes/keys.toml).")
  var keymap: String?

  @Flag(help: "Do not capture the mouse (keeps the terminal's own selection).")
  var noMouse = false

  @Flag(help: "Hide and refuse every action that changes containers.")
  var readOnly = false

  @Option(help: "The command `e` runs in a container (default: bash if present, else sh), e.g. --shell /bin/ash.")
  var shell: String?

  @Option(help: "Log lines the logs pane keeps (older ones drop off).")
  var logLines: Int = 5_000

  func run() async throws {
    do {
      let options = DashboardOptions(
        endpoint: try engine.endpoint(), theme: theme, keymapPath: keymap, enablesMouse: !noMouse,
        isReadOnly: readOnly, monitor: engine.monitorConfiguration,
        shell: shell.map { $0.split(separator: " ").map(String.init) } ?? DashboardOptions.defaultShell,
        logLines: max(100, logLines))
      try await DashboardApp.run(options)
    } catch {
      throw fail(error)
    }
  }
}
