import ArgumentParser
import BerthApp

@main
struct Berth: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "berth",
    abstract: "A terminal dashboard for Docker.",
    version: BerthVersion.current)
}
