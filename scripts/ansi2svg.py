#!/usr/bin/env python3
"""Turns `tmux capture-pane -e -p` output (text with SGR colour codes) into an SVG picture.

    ansi2svg.py WIDTH HEIGHT < capture.txt > picture.svg
"""
import html
import re
import sys

BASE16 = ["#1d1f21", "#cc6666", "#b5bd68", "#f0c674", "#81a2be", "#b294bb", "#8abeb7", "#c5c8c6",
          "#666666", "#d54e53", "#b9ca4a", "#e7c547", "#7aa6da", "#c397d8", "#70c0b1", "#eaeaea"]


def xterm256(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        levels = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (levels[n // 36], levels[n // 6 % 6], levels[n % 6])
    grey = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (grey, grey, grey)


def parse_sgr(params, state):
    codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0:
            state.update(fg=None, bg=None, bold=False, reverse=False, dim=False, underline=False)
        elif c == 1:
            state["bold"] = True
        elif c == 2:
            state["dim"] = True
        elif c == 4:
            state["underline"] = True
        elif c == 7:
            state["reverse"] = True
        elif c == 22:
            state["bold"] = state["dim"] = False
        elif c == 24:
            state["underline"] = False
        elif c == 27:
            state["reverse"] = False
        elif 30 <= c <= 37:
            state["fg"] = BASE16[c - 30]
        elif 90 <= c <= 97:
            state["fg"] = BASE16[c - 90 + 8]
        elif 40 <= c <= 47:
            state["bg"] = BASE16[c - 40]
        elif 100 <= c <= 107:
            state["bg"] = BASE16[c - 100 + 8]
        elif c == 39:
            state["fg"] = None
        elif c == 49:
            state["bg"] = None
        elif c in (38, 48) and i + 1 < len(codes):
            key = "fg" if c == 38 else "bg"
            if codes[i + 1] == 5 and i + 2 < len(codes):
                state[key] = xterm256(codes[i + 2])
                i += 2
            elif codes[i + 1] == 2 and i + 4 < len(codes):
                state[key] = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5])
                i += 4
        i += 1


def main():
    width, height = int(sys.argv[1]), int(sys.argv[2])
    background = sys.argv[3] if len(sys.argv) > 3 else "#1d1f21"
    foreground = sys.argv[4] if len(sys.argv) > 4 else "#c5c8c6"
    cw, ch = 8.4, 17
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * cw:.0f}" height="{height * ch + 8:.0f}" '
           f'font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14">',
           f'<rect width="100%" height="100%" fill="{background}"/>']
    state = dict(fg=None, bg=None, bold=False, reverse=False, dim=False, underline=False)
    token = re.compile(r"\x1b\[([0-9;]*)m|\x1b\[[0-9;?]*[A-Za-z]|([^\x1b])")
    for row, line in enumerate(sys.stdin.read().split("\n")[:height]):
        col = 0
        for match in token.finditer(line):
            if match.group(1) is not None:
                parse_sgr(match.group(1), state)
                continue
            char = match.group(2)
            if char is None:
                continue
            fg, bg = state["fg"] or foreground, state["bg"]
            if state["reverse"]:
                fg, bg = bg or background, fg
            x, y = col * cw, row * ch + 4
            if bg:
                out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{cw + 0.4:.1f}" height="{ch}" fill="{bg}"/>')
            if char != " ":
                weight = ' font-weight="bold"' if state["bold"] else ""
                opacity = ' opacity="0.6"' if state["dim"] else ""
                deco = ' text-decoration="underline"' if state["underline"] else ""
                out.append(f'<text x="{x:.1f}" y="{y + ch - 4:.1f}" fill="{fg}"{weight}{opacity}{deco}>{html.escape(char)}</text>')
            wide = 2 if (0x1100 <= ord(char) <= 0x115F or 0x2E80 <= ord(char) <= 0xA4CF or 0xAC00 <= ord(char) <= 0xD7A3
                         or 0xF900 <= ord(char) <= 0xFAFF or 0xFF00 <= ord(char) <= 0xFF60 or 0x1F300 <= ord(char) <= 0x1FAFF) else 1
            col += wide
    out.append("</svg>")
    print("\n".join(out))


if __name__ == "__main__":
    main()
