import ArgumentParser
import BerthApp
import Foundation

/// `berth` (default): the interactive dashboard.
struct DashboardCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dashboard",
    abstract: "Open the dashboard (the default).")

  @OptionGroup var engine: EngineOptions

  func run() async throws {
    FileHandle.standardError.write(Data("berth: the dashboard arrives with the TerminalUI layer; use `berth snapshot` meanwhile.\n".utf8))
    throw ExitCode(2)
  }
}
